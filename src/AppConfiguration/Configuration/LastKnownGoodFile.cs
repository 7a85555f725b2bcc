using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// The last successfully loaded configuration on disk: written to a temporary file in the same folder and then
/// moved over the old one, so a reader (or a crash) never sees half a file. An instance is one source's file: a
/// failure to read or write it is logged, never thrown, since the store stays the source of truth.
/// </summary>
internal sealed class LastKnownGoodFile(string path, ILogger logger)
{
    /// <summary>The saved configuration, or null when there is none or it cannot be read (logged).</summary>
    public (Dictionary<string, string?> Data, DateTimeOffset SavedAt)? TryLoad()
    {
        try
        {
            return TryRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            logger.LogWarning("The last-known-good file could not be read: {Error}", e.Message);
            return null;
        }
    }

    /// <summary>Replaces the saved configuration; a failure is logged.</summary>
    public void Save(IEnumerable<KeyValuePair<string, string?>> data, DateTimeOffset savedAt)
    {
        try
        {
            Write(path, new Dictionary<string, string?>(data, StringComparer.OrdinalIgnoreCase), savedAt);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("The last-known-good file could not be written: {Error}", e.Message);
        }
    }

    public static void Write(string path, IReadOnlyDictionary<string, string?> data, DateTimeOffset savedAt)
    {
        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            using (var writer = new Utf8JsonWriter(stream))
            {
                writer.WriteStartObject();
                writer.WriteString("savedAt", savedAt);
                writer.WriteStartObject("data");
                foreach (var (key, value) in data.OrderBy(e => e.Key, StringComparer.Ordinal))
                {
                    writer.WriteString(key, value);
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Reads the file, or returns null when there is none.</summary>
    /// <exception cref="InvalidDataException">The file exists but is not a last-known-good file.</exception>
    public static (Dictionary<string, string?> Data, DateTimeOffset SavedAt)? TryRead(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            var savedAt = root.GetProperty("savedAt").GetDateTimeOffset();
            var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in root.GetProperty("data").EnumerateObject())
            {
                data[entry.Name] = entry.Value.ValueKind == JsonValueKind.Null ? null : entry.Value.GetString();
            }

            return (data, savedAt);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"The last-known-good file '{path}' is not readable: {e.Message}", e);
        }
    }
}
