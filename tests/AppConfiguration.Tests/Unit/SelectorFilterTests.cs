using OpenFeatureAppConfig.AppConfiguration;

namespace OpenFeatureAppConfig.AppConfiguration.Tests.Unit;

/// <summary>Key and label filters evaluated locally, as the store evaluates them (fleet snapshots are mapped with them).</summary>
public class SelectorFilterTests
{
    [TestCase("*", "anything", true)]
    [TestCase("App:*", "App:Color", true)]
    [TestCase("App:*", "Other:Color", false)]
    [TestCase("App:Color", "App:Color", true)]
    [TestCase("App:Color", "App:Colors", false)]
    [TestCase("a,b*", "b1", true)]
    [TestCase("a,b*", "a", true)]
    [TestCase("a,b*", "c", false)]
    [TestCase(@"a\,b", "a,b", true)]
    [TestCase(@"a\,b", "a", false)]
    [TestCase(@"star\*", "star*", true)]
    [TestCase(@"star\*", "starlight", false)]
    [TestCase(@"back\\slash*", @"back\slash1", true)]
    [TestCase(".appconfig.featureflag/*", ".appconfig.featureflag/Beta", true)]
    public void Key_filters(string filter, string key, bool matches) =>
        Assert.That(SelectorFilter.Parse(filter, isLabel: false).Matches(key), Is.EqualTo(matches));

    [TestCase(SettingSelector.NoLabel, null, true)]
    [TestCase(SettingSelector.NoLabel, "prod", false)]
    [TestCase(@"\0", null, true)]
    [TestCase("prod", "prod", true)]
    [TestCase("prod", null, false)]
    [TestCase("*", null, true)]
    [TestCase("pr*", "prod", true)]
    [TestCase("\0,prod", null, true)]
    [TestCase("\0,prod", "prod", true)]
    [TestCase("\0,prod", "dev", false)]
    public void Label_filters(string filter, string? label, bool matches) =>
        Assert.That(SelectorFilter.Parse(filter, isLabel: true).Matches(label), Is.EqualTo(matches));
}
