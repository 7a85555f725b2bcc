using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// The serialized forms stored in and sent through Redis, compact JSON with short names:
/// a key-value <c>{"k","l","v","ct","e"}</c> (absent = null); a snapshot <c>{"f":2,"v":version,"h":hash,"kv":[...]}</c>;
/// an announcement <c>{"f":2,"b":base,"v":version,"h":hash,"set":[...],"del":[{"k","l"}]}</c> or, without a delta,
/// <c>{"f":2,"b","v","h","full":true}</c>. The hash is <see cref="SnapshotContentHash"/>, so every writer computes
/// the same hash for the same content.
/// </summary>
/// <remarks>
/// <c>"f"</c> is the format: 2 since the hash became the additive one (format 1, without <c>"f"</c>, hashed the whole
/// serialization). A reader refuses any other format rather than misapply it: an older follower finds that the
/// hashes of format 2 never match and keeps its snapshot; a newer one refuses format 1 by its missing <c>"f"</c>.
/// </remarks>
internal static class SnapshotJson
{
    /// <summary>The format this version writes and the only one it reads.</summary>
    public const int Format = 2;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write(KeyValueSnapshot snapshot) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteNumber("f", Format);
        writer.WriteNumber("v", snapshot.Version);
        writer.WriteString("h", snapshot.Hash);
        writer.WritePropertyName("kv");
        WriteKeyValues(writer, snapshot.KeyValues);
        writer.WriteEndObject();
    });

    public static byte[] Write(SnapshotAnnouncement announcement) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteNumber("f", Format);
        writer.WriteNumber("b", announcement.BaseVersion);
        writer.WriteNumber("v", announcement.Version);
        writer.WriteString("h", announcement.Hash);
        if (announcement.Delta is { } delta)
        {
            writer.WritePropertyName("set");
            WriteKeyValues(writer, delta.Set);
            writer.WriteStartArray("del");
            foreach (var (key, label) in delta.Removed)
            {
                writer.WriteStartObject();
                writer.WriteString("k", key);
                WriteIfNotNull(writer, "l", label);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }
        else
        {
            writer.WriteBoolean("full", true);
        }

        writer.WriteEndObject();
    });

    /// <summary>Reads a stored snapshot and checks its hash against its content.</summary>
    /// <exception cref="FormatException">The data is not a snapshot, or its content does not match its hash.</exception>
    public static KeyValueSnapshot ReadSnapshot(ReadOnlyMemory<byte> utf8) => Read(utf8, root =>
    {
        var snapshot = KeyValueSnapshot.Create(ReadVersion(root, "v"), ReadKeyValues(root, "kv"));
        if (!string.Equals(snapshot.Hash, ReadString(root, "h"), StringComparison.Ordinal))
        {
            throw new FormatException("The snapshot's content does not match its hash.");
        }

        return snapshot;
    });

    /// <exception cref="FormatException">The data is not an announcement.</exception>
    public static SnapshotAnnouncement ReadAnnouncement(ReadOnlyMemory<byte> utf8) => Read(utf8, root =>
    {
        var baseVersion = ReadVersion(root, "b");
        var version = ReadVersion(root, "v");
        var hash = ReadString(root, "h");
        if (root.TryGetProperty("full", out _))
        {
            return new SnapshotAnnouncement(baseVersion, version, hash, null);
        }

        if (!root.TryGetProperty("del", out var removedElement) || removedElement.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("An announcement needs 'del' (an array) or 'full'.");
        }

        var removed = removedElement.EnumerateArray()
            .Select(item => (ReadString(item, "k"), ReadOptionalString(item, "l")))
            .ToList();
        var delta = new SnapshotDelta(baseVersion, version, hash, ReadKeyValues(root, "set"), removed);
        return new SnapshotAnnouncement(baseVersion, version, hash, delta);
    });

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteKeyValues(Utf8JsonWriter writer, IReadOnlyList<SnapshotKeyValue> keyValues)
    {
        writer.WriteStartArray();
        foreach (var keyValue in keyValues)
        {
            writer.WriteStartObject();
            writer.WriteString("k", keyValue.Key);
            WriteIfNotNull(writer, "l", keyValue.Label);
            WriteIfNotNull(writer, "v", keyValue.Value);
            WriteIfNotNull(writer, "ct", keyValue.ContentType);
            WriteIfNotNull(writer, "e", keyValue.ETag);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteIfNotNull(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static T Read<T>(ReadOnlyMemory<byte> utf8, Func<JsonElement, T> read)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("Expected a JSON object.");
            }

            var root = document.RootElement;
            if (!root.TryGetProperty("f", out var format))
            {
                throw new SnapshotFormatMismatchException(null);
            }

            if (format.ValueKind != JsonValueKind.Number || !format.TryGetInt32(out var number))
            {
                throw new FormatException($"'f' must be the snapshot format (a whole number).");
            }

            if (number != Format)
            {
                throw new SnapshotFormatMismatchException(number);
            }

            return read(root);
        }
        catch (JsonException e)
        {
            // The message of a JsonException names positions, not content; still, say no more than "not JSON".
            throw new FormatException("Not valid JSON.", e);
        }
        catch (InvalidOperationException e)
        {
            throw new FormatException("A field has the wrong JSON type.", e);
        }
    }

    private static List<SnapshotKeyValue> ReadKeyValues(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"'{name}' must be an array.");
        }

        return array.EnumerateArray()
            .Select(item => new SnapshotKeyValue(
                ReadString(item, "k"),
                ReadOptionalString(item, "l"),
                ReadOptionalString(item, "v"),
                ReadOptionalString(item, "ct"),
                ReadOptionalString(item, "e")))
            .ToList();
    }

    private static long ReadVersion(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.Number
            && element.TryGetInt64(out var version) && version >= 0
            ? version
            : throw new FormatException($"'{name}' must be a version (a whole number, 0 or more).");

    private static string ReadString(JsonElement parent, string name) =>
        ReadOptionalString(parent, name) ?? throw new FormatException($"'{name}' is required.");

    private static string? ReadOptionalString(JsonElement parent, string name)
    {
        if (parent.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("Expected a JSON object.");
        }

        return parent.TryGetProperty(name, out var element) ? element.GetString() : null;
    }
}
