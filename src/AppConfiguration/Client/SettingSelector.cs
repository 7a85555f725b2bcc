namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>Which settings a list request returns.</summary>
public sealed class SettingSelector
{
    /// <summary>The label filter that matches settings without a label.</summary>
    public const string NoLabel = "\0";

    /// <summary>The filter that matches everything.</summary>
    public const string Any = "*";

    /// <summary>
    /// Key filter: <c>*</c> (any), <c>prefix*</c>, or up to five comma-separated exact keys; escape <c>*</c>, <c>,</c>
    /// and <c>\</c> inside a key with <c>\</c>. Null means any key.
    /// </summary>
    public string? KeyFilter { get; set; }

    /// <summary>Label filter in the same syntax; <see cref="NoLabel"/> matches settings without a label. Null means any label.</summary>
    public string? LabelFilter { get; set; }

    /// <summary>Tag filters of the form <c>name=value</c> (at most five; all must match).</summary>
    public IList<string> TagsFilter { get; } = new List<string>();

    /// <summary>The fields to return; <see cref="SettingFields.All"/> by default.</summary>
    public SettingFields Fields { get; set; } = SettingFields.All;

    /// <inheritdoc />
    public override string ToString() =>
        $"key={KeyFilter ?? Any} label={(LabelFilter == NoLabel ? "(no label)" : LabelFilter ?? Any)}" +
        (TagsFilter.Count == 0 ? string.Empty : " tags=" + string.Join("&", TagsFilter));
}
