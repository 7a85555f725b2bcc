namespace OpenFeatureAppConfig.Emulator.Protocol;

/// <summary>The fields of a key-value that <c>$select</c> can choose.</summary>
[Flags]
internal enum KeyValueFields
{
    /// <summary>No field.</summary>
    None = 0,

    /// <summary><c>key</c>.</summary>
    Key = 1,

    /// <summary><c>label</c>.</summary>
    Label = 2,

    /// <summary><c>content_type</c>.</summary>
    ContentType = 4,

    /// <summary><c>value</c>.</summary>
    Value = 8,

    /// <summary><c>last_modified</c>.</summary>
    LastModified = 16,

    /// <summary><c>tags</c>.</summary>
    Tags = 32,

    /// <summary><c>locked</c>.</summary>
    Locked = 64,

    /// <summary><c>etag</c>.</summary>
    ETag = 128,

    /// <summary>Every field (no <c>$select</c>).</summary>
    All = Key | Label | ContentType | Value | LastModified | Tags | Locked | ETag,
}

/// <summary>Parses <c>$select</c>.</summary>
internal static class FieldSelection
{
    /// <summary>The fields named by a <c>$select</c> value (absent = all); an unknown name is a 400.</summary>
    public static KeyValueFields Parse(string? select)
    {
        if (select is null)
        {
            return KeyValueFields.All;
        }

        var fields = KeyValueFields.None;
        foreach (var name in select.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            fields |= name.ToLowerInvariant() switch
            {
                "key" => KeyValueFields.Key,
                "label" => KeyValueFields.Label,
                "content_type" => KeyValueFields.ContentType,
                "value" => KeyValueFields.Value,
                "last_modified" => KeyValueFields.LastModified,
                "tags" => KeyValueFields.Tags,
                "locked" => KeyValueFields.Locked,
                "etag" => KeyValueFields.ETag,
                _ => throw ProtocolException.InvalidArgument("$select", $"Unknown field '{name}' in $select; allowed: key, label, content_type, value, last_modified, tags, locked, etag."),
            };
        }

        return fields == KeyValueFields.None
            ? throw ProtocolException.InvalidArgument("$select", "$select names no field.")
            : fields;
    }
}
