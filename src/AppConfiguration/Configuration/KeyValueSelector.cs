namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>One <c>Select</c> of key-values or feature flags: a key filter and a label filter.</summary>
internal sealed record KeyValueSelector(string KeyFilter, string LabelFilter)
{
    public SettingSelector ToSettingSelector() => new() { KeyFilter = KeyFilter, LabelFilter = LabelFilter };

    public override string ToString() => ToSettingSelector().ToString();
}
