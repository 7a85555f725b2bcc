namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>One selector with its key and label filters parsed: tells locally which settings the store would list for it.</summary>
internal sealed record SelectorMatcher(KeyValueSelector Selector, SelectorFilter Key, SelectorFilter Label)
{
    public static SelectorMatcher Compile(KeyValueSelector selector) =>
        new(selector, SelectorFilter.Parse(selector.KeyFilter, isLabel: false), SelectorFilter.Parse(selector.LabelFilter, isLabel: true));

    public bool Matches(string key, string? label) => Key.Matches(key) && Label.Matches(label);
}
