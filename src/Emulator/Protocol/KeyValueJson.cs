using System.Text.Json;
using OpenFeatureAppConfig.Emulator.Storage;

namespace OpenFeatureAppConfig.Emulator.Protocol;

/// <summary>Writes key-values and pages of them in the service's snake_case JSON shape.</summary>
internal static class KeyValueJson
{
    /// <summary>One key-value with the chosen <paramref name="fields"/> (all by default).</summary>
    public static byte[] ToBytes(KeyValue item, KeyValueFields fields = KeyValueFields.All)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, JsonOutput.Options))
        {
            Write(writer, item, fields);
        }

        return buffer.ToArray();
    }

    /// <summary>A page: <c>{"items":[...],"etag":..,"@nextLink":..}</c>.</summary>
    public static byte[] PageToBytes(IReadOnlyList<KeyValue> items, KeyValueFields fields, string? etag, string? nextLink)
    {
        using var buffer = new MemoryStream(256 + (items.Count * 256));
        using (var writer = new Utf8JsonWriter(buffer, JsonOutput.Options))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("items");
            foreach (var item in items)
            {
                Write(writer, item, fields);
            }

            writer.WriteEndArray();
            if (etag is not null)
            {
                writer.WriteString("etag", etag);
            }

            if (nextLink is not null)
            {
                writer.WriteString("@nextLink", nextLink);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Writes one key-value object with the chosen <paramref name="fields"/>.</summary>
    public static void Write(Utf8JsonWriter writer, KeyValue item, KeyValueFields fields)
    {
        writer.WriteStartObject();
        if (fields.HasFlag(KeyValueFields.ETag))
        {
            writer.WriteString("etag", item.ETag);
        }

        if (fields.HasFlag(KeyValueFields.Key))
        {
            writer.WriteString("key", item.Key);
        }

        if (fields.HasFlag(KeyValueFields.Label))
        {
            writer.WriteString("label", item.Label);
        }

        if (fields.HasFlag(KeyValueFields.ContentType))
        {
            writer.WriteString("content_type", item.ContentType);
        }

        if (fields.HasFlag(KeyValueFields.Value))
        {
            writer.WriteString("value", item.Value);
        }

        if (fields.HasFlag(KeyValueFields.Tags))
        {
            writer.WriteStartObject("tags");
            foreach (var (name, value) in item.Tags)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
        }

        if (fields.HasFlag(KeyValueFields.Locked))
        {
            writer.WriteBoolean("locked", item.Locked);
        }

        if (fields.HasFlag(KeyValueFields.LastModified))
        {
            writer.WriteString("last_modified", HttpDates.ToJson(item.LastModified));
        }

        writer.WriteEndObject();
    }
}
