using System.Text.Json;

namespace OpenFeatureAppConfig.Emulator.Protocol;

/// <summary>
/// The body of <c>PUT /kv/{key}</c>: <c>{"value","content_type","tags"}</c>. Azure's JS client also repeats
/// <c>key</c> and <c>label</c>, which must then agree with the URL.
/// </summary>
internal sealed record KeyValueRequestBody(string? Value, string? ContentType, IReadOnlyDictionary<string, string?> Tags)
{
    /// <summary>Reads the body; an empty body is a key-value with no value. Bad JSON is a 400 naming the field.</summary>
    public static KeyValueRequestBody Parse(ReadOnlySpan<byte> body, string key, string? label)
    {
        var tags = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (body.IsEmpty)
        {
            return new KeyValueRequestBody(null, null, tags);
        }

        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(body);
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException exception)
        {
            throw ProtocolException.InvalidArgument("body", "The request body is not valid JSON: " + exception.Message, "Invalid request body");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw ProtocolException.InvalidArgument("body", "The request body must be a JSON object.", "Invalid request body");
            }

            var value = OptionalString(root, "value");
            var contentType = OptionalString(root, "content_type");
            var bodyKey = OptionalString(root, "key");
            if (bodyKey is not null && bodyKey != key)
            {
                throw ProtocolException.InvalidArgument("key", $"The body's key '{bodyKey}' differs from the key in the URL '{key}'.", "Invalid request body");
            }

            var bodyLabel = OptionalString(root, "label");
            if (bodyLabel is { Length: > 0 } && bodyLabel != label)
            {
                throw ProtocolException.InvalidArgument("label", $"The body's label '{bodyLabel}' differs from the label in the query '{label}'.", "Invalid request body");
            }

            if (root.TryGetProperty("tags", out var tagsElement) && tagsElement.ValueKind != JsonValueKind.Null)
            {
                if (tagsElement.ValueKind != JsonValueKind.Object)
                {
                    throw ProtocolException.InvalidArgument("tags", "'tags' must be an object of strings.", "Invalid request body");
                }

                foreach (var tag in tagsElement.EnumerateObject())
                {
                    var name = Text(() => tag.Name, "tags");
                    tags[name] = tag.Value.ValueKind switch
                    {
                        JsonValueKind.String => Text(tag.Value.GetString, $"tags.{name}"),
                        JsonValueKind.Null => null,
                        _ => throw ProtocolException.InvalidArgument($"tags.{name}", $"Tag '{name}' must be a string or null.", "Invalid request body"),
                    };
                }
            }

            return new KeyValueRequestBody(value, contentType, tags);
        }
    }

    private static string? OptionalString(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return element.ValueKind == JsonValueKind.String
            ? Text(element.GetString, name)
            : throw ProtocolException.InvalidArgument(name, $"'{name}' must be a string or null.", "Invalid request body");
    }

    // JSON may spell text that is not Unicode (a lone surrogate such as \ud800, or invalid UTF-8), which
    // cannot become a .NET string: a 400 naming the field rather than a failure deeper down.
    private static string Text(Func<string?> read, string field)
    {
        try
        {
            return read()!;
        }
        catch (InvalidOperationException)
        {
            throw ProtocolException.InvalidArgument(field, $"'{field}' is not valid Unicode text (a lone surrogate or invalid UTF-8).", "Invalid request body");
        }
    }
}
