namespace OpenFeatureAppConfig.Emulator.Storage;

/// <summary>One stored key-value in the state a write left it in.</summary>
/// <param name="Key">The key; any text except "." and "..", without "%".</param>
/// <param name="Label">The label, or null for "no label" (an empty label is stored as null).</param>
/// <param name="Value">The value, which may be null.</param>
/// <param name="ContentType">The content type, which may be null.</param>
/// <param name="Tags">Tag names and values; a tag value may be null.</param>
/// <param name="Locked">Whether the key-value is read-only.</param>
/// <param name="LastModified">When the write happened.</param>
/// <param name="ETag">The entity tag of this state, unquoted.</param>
internal sealed record KeyValue(
    string Key,
    string? Label,
    string? Value,
    string? ContentType,
    IReadOnlyDictionary<string, string?> Tags,
    bool Locked,
    DateTimeOffset LastModified,
    string ETag)
{
    /// <summary>The identity of the key-value: its key and label.</summary>
    public KeyValueId Id => new(Key, Label);
}
