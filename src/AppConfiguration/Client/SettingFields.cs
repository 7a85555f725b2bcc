namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>Which fields of a setting a list request returns (<c>$select</c>).</summary>
[Flags]
public enum SettingFields
{
    /// <summary>Every field (no <c>$select</c> is sent).</summary>
    All = 0,

    /// <summary>The key.</summary>
    Key = 1,

    /// <summary>The label.</summary>
    Label = 2,

    /// <summary>The value.</summary>
    Value = 4,

    /// <summary>The content type.</summary>
    ContentType = 8,

    /// <summary>The entity tag.</summary>
    ETag = 16,

    /// <summary>The last-modified time.</summary>
    LastModified = 32,

    /// <summary>The read-only lock.</summary>
    IsReadOnly = 64,

    /// <summary>The tags.</summary>
    Tags = 128,
}
