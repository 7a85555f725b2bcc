using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OpenFeatureAppConfig.Emulator.Storage;

/// <summary>
/// Writes and reads one revision as one line of the store file: in version 2 (written today) its
/// <see cref="LineChecksum"/>, then JSON without line breaks; in version 1 (still read) the JSON alone.
/// </summary>
internal static class RevisionJson
{
    /// <summary>The first line of every store file written today, so that a wrong file is recognised as such.</summary>
    public const string Header = """{"format":"appconfig-emulator-store","version":2}""";

    /// <summary>The header of the first format, whose lines carry no checksum.</summary>
    public const string HeaderVersion1 = """{"format":"appconfig-emulator-store","version":1}""";

    /// <summary>The revision as a version-2 line: checksum, space, UTF-8 JSON, line feed.</summary>
    public static byte[] ToLine(Revision revision)
    {
        using var buffer = new MemoryStream();
        buffer.Write(new byte[LineChecksum.PrefixLength]);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("seq", revision.Sequence);
            writer.WriteString("time", revision.Time.ToString("O", CultureInfo.InvariantCulture));
            writer.WriteString("key", revision.Id.Key);
            writer.WriteString("label", revision.Id.Label);
            if (revision.State is null)
            {
                writer.WriteBoolean("deleted", true);
            }
            else
            {
                var state = revision.State;
                writer.WriteString("value", state.Value);
                writer.WriteString("content_type", state.ContentType);
                writer.WriteStartObject("tags");
                foreach (var (name, value) in state.Tags)
                {
                    writer.WriteString(name, value);
                }

                writer.WriteEndObject();
                writer.WriteBoolean("locked", state.Locked);
                writer.WriteString("etag", state.ETag);
            }

            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        var line = buffer.ToArray();
        LineChecksum.WritePrefix(line.AsSpan(LineChecksum.PrefixLength, line.Length - LineChecksum.PrefixLength - 1), line);
        return line;
    }

    /// <summary>
    /// Reads one line of a file of <paramref name="version"/>; throws <see cref="FormatException"/> saying
    /// what is wrong (checksum, field) or <see cref="JsonException"/> for broken JSON.
    /// </summary>
    public static Revision FromLine(ReadOnlySpan<byte> line, int version)
    {
        var reader = new Utf8JsonReader(version == 1 ? line : LineChecksum.Verify(line));
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("a revision must be a JSON object");
        }

        var sequence = Required(root, "seq", JsonValueKind.Number).GetInt64();
        var timeText = Required(root, "time", JsonValueKind.String).GetString()!;
        if (!DateTimeOffset.TryParseExact(timeText, "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            throw new FormatException($"'time' is not a round-trip date: '{timeText}'");
        }

        var key = Required(root, "key", JsonValueKind.String).GetString()!;
        var label = OptionalString(root, "label");
        var id = new KeyValueId(key, label);
        if (root.TryGetProperty("deleted", out var deleted) && deleted.ValueKind == JsonValueKind.True)
        {
            return new Revision(sequence, id, time, null);
        }

        var tags = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tag in Required(root, "tags", JsonValueKind.Object).EnumerateObject())
        {
            tags[tag.Name] = tag.Value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => tag.Value.GetString(),
                _ => throw new FormatException($"tag '{tag.Name}' must be a string or null"),
            };
        }

        var lockedElement = Required(root, "locked", JsonValueKind.Undefined);
        if (lockedElement.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw new FormatException("'locked' must be true or false");
        }

        var state = new KeyValue(
            key,
            label,
            OptionalString(root, "value"),
            OptionalString(root, "content_type"),
            tags,
            lockedElement.GetBoolean(),
            time,
            Required(root, "etag", JsonValueKind.String).GetString()!);
        return new Revision(sequence, id, time, state);
    }

    /// <summary>The format version <paramref name="line"/> announces (1 or 2), or null when it is no store header.</summary>
    public static int? VersionOfHeader(ReadOnlySpan<byte> line) =>
        line.SequenceEqual(Encoding.UTF8.GetBytes(Header)) ? 2
        : line.SequenceEqual(Encoding.UTF8.GetBytes(HeaderVersion1)) ? 1
        : null;

    private static JsonElement Required(JsonElement root, string name, JsonValueKind kind)
    {
        if (!root.TryGetProperty(name, out var element))
        {
            throw new FormatException($"'{name}' is missing");
        }

        if (kind != JsonValueKind.Undefined && element.ValueKind != kind)
        {
            throw new FormatException($"'{name}' must be a JSON {kind.ToString().ToLowerInvariant()}");
        }

        return element;
    }

    private static string? OptionalString(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return element.ValueKind == JsonValueKind.String
            ? element.GetString()
            : throw new FormatException($"'{name}' must be a string or null");
    }
}
