using Azure;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>One key-value of an App Configuration store.</summary>
public sealed class ConfigurationSetting
{
    /// <summary>Creates a setting to write.</summary>
    /// <param name="key">The key; any characters except that it must not be empty, <c>.</c> or <c>..</c>.</param>
    /// <param name="value">The value, or null.</param>
    /// <param name="label">The label, or null for "no label".</param>
    public ConfigurationSetting(string key, string? value, string? label = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        Key = key;
        Value = value;
        Label = label;
    }

    /// <summary>The key.</summary>
    public string Key { get; }

    /// <summary>The label, or null for "no label".</summary>
    public string? Label { get; }

    /// <summary>The value, or null.</summary>
    public string? Value { get; set; }

    /// <summary>The content type (e.g. the feature-flag media type), or null.</summary>
    public string? ContentType { get; set; }

    /// <summary>Tags, names to values (a value may be null).</summary>
    public IDictionary<string, string?> Tags { get; init; } = new Dictionary<string, string?>(StringComparer.Ordinal);

    /// <summary>The store's entity tag of this revision (empty for a setting not read from the store).</summary>
    public ETag ETag { get; internal set; }

    /// <summary>When the store last changed this setting.</summary>
    public DateTimeOffset? LastModified { get; internal set; }

    /// <summary>True when the setting is locked read-only in the store.</summary>
    public bool IsReadOnly { get; internal set; }

    /// <summary>Key and label only: values may be secrets and are never rendered.</summary>
    public override string ToString() => Label is null ? Key : $"{Key} (label {Label})";
}
