using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenFeatureAppConfig.Emulator.FeatureFlags;
using OpenFeatureAppConfig.Emulator.Protocol;

namespace OpenFeatureAppConfig.Emulator.Storage;

/// <summary>
/// Reads key-values and feature flags from the JSON shapes people have at hand:
/// <list type="bullet">
/// <item><c>{"items":[{"key","value","label","content_type","tags"}]}</c> — <c>az appconfig kv export --profile appconfig/kvset</c>, or a <c>GET /kv</c> page; a bare array of such items also works;</item>
/// <item>an appsettings.json-like object — <c>az appconfig kv export</c>'s default profile: a <c>feature_management</c>
/// section with <c>feature_flags</c> (v2 schema), a legacy <c>FeatureManagement</c> section (<c>"Beta": true</c> or
/// <c>{"EnabledFor":[..]}</c>), and any other property flattened into <c>a:b:c</c> keys.</item>
/// </list>
/// </summary>
internal static class SeedDocument
{
    /// <summary>Parses a seed document; throws <see cref="InvalidDataException"/> saying what is wrong where.</summary>
    public static IReadOnlyList<SeedItem> Parse(string json, string source)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"The seed file '{source}' is not valid JSON (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine}): {exception.Message}", exception);
        }

        var items = new List<SeedItem>();
        switch (root)
        {
            case JsonArray array:
                ReadItems(array, "$", source, items);
                break;
            case JsonObject obj when obj["items"] is JsonArray array:
                ReadItems(array, "$.items", source, items);
                break;
            case JsonObject obj:
                ReadSettings(obj, source, items);
                break;
            default:
                throw new InvalidDataException($"The seed file '{source}' must hold a JSON object or array.");
        }

        return items;
    }

    private static void ReadItems(JsonArray array, string path, string source, List<SeedItem> items)
    {
        for (var i = 0; i < array.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            if (array[i] is not JsonObject item)
            {
                throw Invalid(source, itemPath, "must be an object with 'key' and 'value'");
            }

            var key = Text(item, "key", itemPath, source) ?? throw Invalid(source, itemPath + ".key", "is required");
            var tags = new Dictionary<string, string?>(StringComparer.Ordinal);
            if (item["tags"] is JsonObject tagObject)
            {
                foreach (var (name, value) in tagObject)
                {
                    tags[name] = value is null ? null : value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
                }
            }

            items.Add(new SeedItem(key, Text(item, "label", itemPath, source), Text(item, "value", itemPath, source), Text(item, "content_type", itemPath, source), tags));
        }
    }

    private static void ReadSettings(JsonObject root, string source, List<SeedItem> items)
    {
        foreach (var (name, node) in root)
        {
            if (name.Equals("feature_management", StringComparison.OrdinalIgnoreCase) && node is JsonObject management && management["feature_flags"] is JsonArray flags)
            {
                for (var i = 0; i < flags.Count; i++)
                {
                    var path = $"$.{name}.feature_flags[{i}]";
                    if (flags[i] is not JsonObject flag || flag["id"] is not JsonValue id || id.GetValueKind() != JsonValueKind.String)
                    {
                        throw Invalid(source, path, "a feature flag needs a string 'id'");
                    }

                    items.Add(Flag(id.GetValue<string>(), flag.ToJsonString()));
                }
            }
            else if (name.Equals("FeatureManagement", StringComparison.Ordinal) && node is JsonObject legacy)
            {
                foreach (var (id, definition) in legacy)
                {
                    items.Add(Flag(id, LegacyFlag(id, definition, source).ToJsonString()));
                }
            }
            else
            {
                Flatten(name, node, items);
            }
        }
    }

    private static JsonObject LegacyFlag(string id, JsonNode? definition, string source)
    {
        var flag = new JsonObject { ["id"] = id, ["description"] = string.Empty, ["enabled"] = false };
        switch (definition)
        {
            case JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                flag["enabled"] = value.GetValue<bool>();
                break;
            case JsonObject obj:
                var filters = new JsonArray();
                if (obj["EnabledFor"] is JsonArray enabledFor)
                {
                    foreach (var filter in enabledFor.OfType<JsonObject>())
                    {
                        filters.Add(new JsonObject { ["name"] = filter["Name"]?.DeepClone(), ["parameters"] = filter["Parameters"]?.DeepClone() ?? new JsonObject() });
                    }
                }

                flag["enabled"] = filters.Count > 0;
                flag["conditions"] = new JsonObject { ["client_filters"] = filters, ["requirement_type"] = obj["RequirementType"]?.DeepClone() ?? "Any" };
                break;
            default:
                throw Invalid(source, $"$.FeatureManagement.{id}", "must be true, false or an object with EnabledFor");
        }

        return flag;
    }

    private static SeedItem Flag(string id, string json) =>
        new(FeatureFlagKeys.Prefix + id, null, json, MediaTypes.FeatureFlag, new Dictionary<string, string?>());

    private static void Flatten(string key, JsonNode? node, List<SeedItem> items)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    Flatten(key + ":" + name, child, items);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Flatten(key + ":" + i.ToString(CultureInfo.InvariantCulture), array[i], items);
                }

                break;
            case null:
                items.Add(new SeedItem(key, null, null, null, new Dictionary<string, string?>()));
                break;
            default:
                var value = node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();
                items.Add(new SeedItem(key, null, value, null, new Dictionary<string, string?>()));
                break;
        }
    }

    private static string? Text(JsonObject item, string name, string path, string source) => item[name] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => throw Invalid(source, $"{path}.{name}", "must be a string or null"),
    };

    private static InvalidDataException Invalid(string source, string path, string reason) =>
        new($"The seed file '{source}' is invalid at {path}: {reason}.");
}
