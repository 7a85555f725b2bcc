using OpenFeatureAppConfig.AppConfiguration;

namespace OpenFeatureAppConfig.AppConfiguration.Tests.Unit;

public class SelectionPlanTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    [Test]
    public void Default_selection_with_flags_and_watched_key_values_reads_the_flags_out_of_the_key_value_pages()
    {
        var plan = SelectionPlan.For(new AzureAppConfigurationOptions()
            .ConfigureRefresh(r => r.RegisterAll().SetRefreshInterval(Interval))
            .UseFeatureFlags(ff => ff.SetRefreshInterval(Interval)));

        Assert.That(plan.FlagsFromKeyValues, Is.True);
        Assert.That(plan.FeatureFlags, Is.Empty, "no collection of flags read on its own");
        Assert.That(plan.KeyValues, Is.EqualTo(new[] { new KeyValueSelector("*", SettingSelector.NoLabel) }));
    }

    [TestCase(2)]
    [TestCase(0.5)]
    public void Routing_holds_whichever_interval_is_shorter(double keyValueIntervals)
    {
        var plan = SelectionPlan.For(new AzureAppConfigurationOptions()
            .ConfigureRefresh(r => r.RegisterAll().SetRefreshInterval(Interval * keyValueIntervals))
            .UseFeatureFlags(ff => ff.SetRefreshInterval(Interval)));

        Assert.That(plan.FlagsFromKeyValues, Is.True);
    }

    [Test]
    public void Hosting_style_selection_with_a_label_is_routed_too()
    {
        var plan = SelectionPlan.For(new AzureAppConfigurationOptions()
            .Select("*").Select("*", "prod")
            .ConfigureRefresh(r => r.RegisterAll().SetRefreshInterval(Interval))
            .UseFeatureFlags(ff => ff.Select("*").Select("*", "prod").SetRefreshInterval(Interval)));

        Assert.That(plan.FlagsFromKeyValues, Is.True);
    }

    [TestCase("narrower key-values")]
    [TestCase("narrower flags")]
    [TestCase("labels in another order")]
    [TestCase("key-values not watched")]
    [TestCase("key-values watched by a sentinel only")]
    public void Flags_are_read_on_their_own_when_routing_would_change_what_is_loaded_or_cost_more(string variant)
    {
        var options = new AzureAppConfigurationOptions();
        switch (variant)
        {
            case "narrower key-values": options.Select("App:*"); break;
            case "labels in another order": options.Select("*", "prod").Select("*"); break;
            default: options.Select("*").Select("*", "prod"); break;
        }

        switch (variant)
        {
            case "key-values not watched": break;
            case "key-values watched by a sentinel only": options.ConfigureRefresh(r => r.Register("Sentinel").SetRefreshInterval(Interval)); break;
            default: options.ConfigureRefresh(r => r.RegisterAll().SetRefreshInterval(Interval)); break;
        }

        options.UseFeatureFlags(ff => (variant == "narrower flags" ? ff.Select("Beta*").Select("Beta*", "prod") : ff.Select("*").Select("*", "prod")).SetRefreshInterval(Interval));

        var plan = SelectionPlan.For(options);

        Assert.That(plan.FlagsFromKeyValues, Is.False);
        Assert.That(plan.FeatureFlags, Has.Count.EqualTo(2));
    }

    [Test]
    public void Without_feature_flags_nothing_is_routed()
    {
        var plan = SelectionPlan.For(new AzureAppConfigurationOptions().ConfigureRefresh(r => r.RegisterAll()));

        Assert.That(plan.FlagsFromKeyValues, Is.False);
        Assert.That(plan.FeatureFlags, Is.Empty);
    }
}
