using System.Globalization;
using System.Text.Json;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// Maps one feature flag (schema v2 JSON) into the Microsoft Feature Management layout under
/// <c>feature_management:feature_flags:{index}:</c>, as Microsoft's configuration provider does, so that
/// Microsoft.FeatureManagement reads it unchanged.
/// </summary>
internal static class FeatureFlagMapper
{
    /// <summary>The key prefix of feature-flag settings.</summary>
    public const string KeyPrefix = ".appconfig.featureflag/";

    /// <summary>The feature-flag media type (compared without parameters).</summary>
    public const string ContentType = "application/vnd.microsoft.appconfig.ff+json";

    /// <summary>The configuration section the flags are laid into.</summary>
    public const string FeatureFlagsSection = "feature_management:feature_flags";

    /// <summary>True when the setting is a feature flag (by key prefix or content type).</summary>
    public static bool IsFeatureFlag(ConfigurationSetting setting) =>
        setting.Key.StartsWith(KeyPrefix, StringComparison.Ordinal) || IsFeatureFlagContentType(setting.ContentType);

    /// <summary>True when the media type, ignoring parameters, is the feature-flag media type.</summary>
    public static bool IsFeatureFlagContentType(string? contentType) =>
        string.Equals(MediaType.Of(contentType), ContentType, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Adds the flag's entries at <paramref name="index"/> to <paramref name="target"/>.
    /// </summary>
    /// <param name="setting">The flag's setting (its value is the flag JSON).</param>
    /// <param name="index">The flag's position in <c>feature_flags</c>.</param>
    /// <param name="endpoint">The store's endpoint, for the telemetry reference; null to leave it out.</param>
    /// <param name="target">Receives the entries; untouched when the flag is malformed.</param>
    /// <exception cref="FormatException">The value is not a valid flag; the message names the key, not the value.</exception>
    public static void Map(ConfigurationSetting setting, int index, Uri? endpoint, IDictionary<string, string?> target) =>
        AddAt(MapRelative(setting, endpoint), index, target);

    /// <summary>Adds entries from <see cref="MapRelative"/> at <paramref name="index"/>.</summary>
    public static void AddAt(IReadOnlyList<KeyValuePair<string, string?>> relativeEntries, int index, IDictionary<string, string?> target)
    {
        var prefix = FeatureFlagsSection + ":" + index.ToString(CultureInfo.InvariantCulture);
        foreach (var (key, value) in relativeEntries)
        {
            target[prefix + key] = value;
        }
    }

    /// <summary>
    /// The flag's entries with keys relative to its slot (each starting with <c>:</c>), so that they can be
    /// computed once per revision and placed at any index.
    /// </summary>
    /// <exception cref="FormatException">The value is not a valid flag; the message names the key, not the value.</exception>
    public static IReadOnlyList<KeyValuePair<string, string?>> MapRelative(ConfigurationSetting setting, Uri? endpoint)
    {
        var entries = new List<KeyValuePair<string, string?>>(16);
        try
        {
            using var document = JsonDocument.Parse(setting.Value ?? string.Empty);
            MapFlag(document.RootElement, setting, endpoint, string.Empty, entries);
        }
        catch (JsonException e)
        {
            throw new FormatException($"Feature flag '{setting.Key}' is not valid JSON: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            throw new FormatException($"Feature flag '{setting.Key}' has a field of the wrong type: {e.Message}", e);
        }

        return entries;
    }

    private static void MapFlag(JsonElement flag, ConfigurationSetting setting, Uri? endpoint, string prefix, List<KeyValuePair<string, string?>> entries)
    {
        Require(flag, JsonValueKind.Object, setting, "the value");
        var id = flag.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new FormatException($"Feature flag '{setting.Key}' has no 'id'.");
        }

        Add(entries, prefix, "id", id);

        // Microsoft.FeatureManagement does not read them and Microsoft's provider leaves them out; written here so
        // that the OpenFeature provider reports them as metadata, and an edit of them alone changes the configuration.
        foreach (var name in (ReadOnlySpan<string>)["description", "display_name"])
        {
            if (flag.TryGetProperty(name, out var text) && text.ValueKind == JsonValueKind.String)
            {
                Add(entries, prefix, name, text.GetString());
            }
        }

        var enabled = false;
        if (flag.TryGetProperty("enabled", out var enabledElement))
        {
            enabled = enabledElement.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                // Microsoft's provider also takes "true"/"false" written as strings.
                JsonValueKind.String when bool.TryParse(enabledElement.GetString(), out var parsed) => parsed,
                _ => throw new FormatException($"Feature flag '{setting.Key}' has an 'enabled' that is not true or false."),
            };
        }

        Add(entries, prefix, "enabled", enabled.ToString());

        // As in Microsoft's provider, conditions only matter (and are only written) for an enabled flag with filters.
        if (TryGetObject(flag, "conditions", setting, out var conditions)
            && TryGetArray(conditions, "client_filters", setting, out var filters)
            && enabled
            && filters.GetArrayLength() > 0)
        {
            var j = 0;
            foreach (var filter in filters.EnumerateArray())
            {
                Require(filter, JsonValueKind.Object, setting, "a client filter");
                var filterPrefix = $"{prefix}:conditions:client_filters:{j++}";
                if (!TryGetString(filter, "name", setting, out var name))
                {
                    throw new FormatException($"Feature flag '{setting.Key}' has a client filter without a 'name'.");
                }

                Add(entries, filterPrefix, "name", name);
                if (filter.TryGetProperty("parameters", out var parameters) && parameters.ValueKind != JsonValueKind.Null)
                {
                    Flatten(parameters, filterPrefix + ":parameters", entries);
                }
            }

            if (TryGetString(conditions, "requirement_type", setting, out var requirementType))
            {
                Add(entries, prefix, "conditions:requirement_type", requirementType);
            }
        }

        if (TryGetArray(flag, "variants", setting, out var variants))
        {
            var k = 0;
            foreach (var variant in variants.EnumerateArray())
            {
                Require(variant, JsonValueKind.Object, setting, "a variant");
                if (!TryGetString(variant, "name", setting, out var name))
                {
                    // Skipped, not fatal, as Microsoft's provider does.
                    continue;
                }

                var variantPrefix = $"{prefix}:variants:{k++}";
                Add(entries, variantPrefix, "name", name);
                if (variant.TryGetProperty("configuration_value", out var configurationValue))
                {
                    Flatten(configurationValue, variantPrefix + ":configuration_value", entries);
                }

                if (TryGetString(variant, "status_override", setting, out var statusOverride))
                {
                    Add(entries, variantPrefix, "status_override", statusOverride);
                }
            }
        }

        var hasAllocation = TryGetObject(flag, "allocation", setting, out var allocation);
        if (hasAllocation)
        {
            MapAllocation(allocation, setting, prefix + ":allocation", entries);
        }

        if (!TryGetObject(flag, "telemetry", setting, out var telemetry))
        {
            return;
        }

        // The metadata is the flag's, telemetry or not (as in Microsoft's provider): the rollout reason rides in it.
        if (TryGetObject(telemetry, "metadata", setting, out var metadata))
        {
            Flatten(metadata, prefix + ":telemetry:metadata", entries);
        }

        if (telemetry.TryGetProperty("enabled", out var telemetryEnabled) && telemetryEnabled.ValueKind == JsonValueKind.True)
        {
            if (endpoint is not null)
            {
                var reference = $"{endpoint.GetLeftPart(UriPartial.Authority)}/kv/{setting.Key}" + (string.IsNullOrWhiteSpace(setting.Label) ? string.Empty : "?label=" + setting.Label);
                Add(entries, prefix, "telemetry:metadata:FeatureFlagReference", reference);
            }

            Add(entries, prefix, "telemetry:metadata:ETag", setting.ETag.ToString());
            Add(entries, prefix, "telemetry:enabled", bool.TrueString);
            if (hasAllocation && AllocationId.Compute(flag, allocation) is { } allocationId)
            {
                Add(entries, prefix, "telemetry:metadata:AllocationId", allocationId);
            }
        }
    }

    private static void MapAllocation(JsonElement allocation, ConfigurationSetting setting, string prefix, List<KeyValuePair<string, string?>> entries)
    {
        foreach (var name in (ReadOnlySpan<string>)["default_when_enabled", "default_when_disabled", "seed"])
        {
            if (TryGetString(allocation, name, setting, out var value))
            {
                Add(entries, prefix, name, value);
            }
        }

        MapAssignments(allocation, "user", "users", setting, prefix, entries);
        MapAssignments(allocation, "group", "groups", setting, prefix, entries);
        if (TryGetArray(allocation, "percentile", setting, out var percentiles))
        {
            var n = 0;
            foreach (var percentile in percentiles.EnumerateArray())
            {
                Require(percentile, JsonValueKind.Object, setting, "a percentile allocation");
                var itemPrefix = $"{prefix}:percentile:{n++}";
                if (TryGetString(percentile, "variant", setting, out var variant))
                {
                    Add(entries, itemPrefix, "variant", variant);
                }

                foreach (var bound in (ReadOnlySpan<string>)["from", "to"])
                {
                    if (percentile.TryGetProperty(bound, out var value))
                    {
                        Require(value, JsonValueKind.Number, setting, $"percentile '{bound}'");
                        Add(entries, itemPrefix, bound, value.GetDouble().ToString(CultureInfo.InvariantCulture));
                    }
                }
            }
        }
    }

    private static void MapAssignments(JsonElement allocation, string section, string listName, ConfigurationSetting setting, string prefix, List<KeyValuePair<string, string?>> entries)
    {
        if (!TryGetArray(allocation, section, setting, out var assignments))
        {
            return;
        }

        var n = 0;
        foreach (var assignment in assignments.EnumerateArray())
        {
            Require(assignment, JsonValueKind.Object, setting, $"a {section} allocation");
            var itemPrefix = $"{prefix}:{section}:{n++}";
            if (TryGetString(assignment, "variant", setting, out var variant))
            {
                Add(entries, itemPrefix, "variant", variant);
            }

            if (TryGetArray(assignment, listName, setting, out var names))
            {
                var m = 0;
                foreach (var name in names.EnumerateArray())
                {
                    Require(name, JsonValueKind.String, setting, $"an entry of '{listName}'");
                    Add(entries, itemPrefix, $"{listName}:{m++}", name.GetString());
                }
            }
        }
    }

    private static void Flatten(JsonElement element, string path, List<KeyValuePair<string, string?>> entries)
    {
        var flattened = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        JsonFlattener.Flatten(element, path, flattened);
        entries.AddRange(flattened);
    }

    private static void Add(List<KeyValuePair<string, string?>> entries, string prefix, string name, string? value) =>
        entries.Add(new KeyValuePair<string, string?>(prefix + ":" + name, value));

    private static void Require(JsonElement element, JsonValueKind kind, ConfigurationSetting setting, string what)
    {
        if (element.ValueKind != kind)
        {
            throw new FormatException($"Feature flag '{setting.Key}': {what} is {element.ValueKind}, expected {kind}.");
        }
    }

    private static bool TryGetObject(JsonElement parent, string name, ConfigurationSetting setting, out JsonElement value) =>
        TryGet(parent, name, JsonValueKind.Object, setting, out value);

    private static bool TryGetArray(JsonElement parent, string name, ConfigurationSetting setting, out JsonElement value) =>
        TryGet(parent, name, JsonValueKind.Array, setting, out value);

    private static bool TryGetString(JsonElement parent, string name, ConfigurationSetting setting, out string value)
    {
        var found = TryGet(parent, name, JsonValueKind.String, setting, out var element);
        value = found ? element.GetString()! : string.Empty;
        return found;
    }

    /// <summary>Absent and null fields are skipped; a field of another type makes the flag malformed.</summary>
    private static bool TryGet(JsonElement parent, string name, JsonValueKind kind, ConfigurationSetting setting, out JsonElement value)
    {
        if (!parent.TryGetProperty(name, out value) || value.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        Require(value, kind, setting, $"'{name}'");
        return true;
    }
}
