using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Azure;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>Reads and writes the store's snake_case JSON shapes (key-value, list page, PUT body).</summary>
internal static class SettingsJson
{
    /// <summary>Parses a list page: its items, and the body's <c>etag</c> and <c>@nextLink</c>.</summary>
    public static (List<ConfigurationSetting> Items, string? ETag, string? NextLink) ParsePage(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var items = new List<ConfigurationSetting>();
        if (root.TryGetProperty("items", out var array) && array.ValueKind == JsonValueKind.Array)
        {
            items.Capacity = array.GetArrayLength();
            foreach (var item in array.EnumerateArray())
            {
                items.Add(ParseSetting(item));
            }
        }

        return (items, GetString(root, "etag"), GetString(root, "@nextLink"));
    }

    /// <summary>Parses one key-value document.</summary>
    public static ConfigurationSetting ParseSetting(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        return ParseSetting(document.RootElement);
    }

    private static ConfigurationSetting ParseSetting(JsonElement element)
    {
        var key = GetString(element, "key") ?? throw new JsonException("A key-value in the response has no key.");
        var setting = new ConfigurationSetting(key, GetString(element, "value"), GetString(element, "label"))
        {
            ContentType = GetString(element, "content_type"),
        };
        if (GetString(element, "etag") is { } etag)
        {
            setting.ETag = new ETag(etag);
        }

        if (GetString(element, "last_modified") is { } lastModified
            && DateTimeOffset.TryParse(lastModified, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            setting.LastModified = parsed;
        }

        if (element.TryGetProperty("locked", out var locked) && locked.ValueKind == JsonValueKind.True)
        {
            setting.IsReadOnly = true;
        }

        if (element.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Object)
        {
            foreach (var tag in tags.EnumerateObject())
            {
                setting.Tags[tag.Name] = tag.Value.ValueKind == JsonValueKind.String ? tag.Value.GetString() : null;
            }
        }

        return setting;
    }

    /// <summary>The PUT body: value, content type and tags (the label travels in the query).</summary>
    public static byte[] SerializeForPut(ConfigurationSetting setting)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("value", setting.Value);
            writer.WriteString("content_type", setting.ContentType);
            writer.WriteStartObject("tags");
            foreach (var (name, value) in setting.Tags)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
