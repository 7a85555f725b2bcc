using System.Text.Json;

namespace OpenFeatureAppConfig.Emulator.FeatureFlags;

/// <summary>
/// Checks a feature flag value against the v2 flag schema (id, description, display_name, enabled,
/// conditions, variants, allocation, telemetry) and the built-in filters' parameters
/// (<see cref="BuiltInFilterParameters"/>). The first violation is reported with the JSON path
/// of the field at fault, e.g. <c>conditions.client_filters[0].name</c>.
/// </summary>
internal static class FeatureFlagValidator
{
    private static readonly string[] RequirementTypes = ["Any", "All"];
    private static readonly string[] StatusOverrides = ["None", "Enabled", "Disabled"];

    /// <summary>Returns null when <paramref name="value"/> is a valid flag, else (field, reason).</summary>
    public static (string Field, string Reason)? Validate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return ("value", "a feature flag needs a JSON object value");
        }

        try
        {
            using var document = JsonDocument.Parse(value);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ("value", "a feature flag must be a JSON object");
            }

            CheckFlag(root);
            return null;
        }
        catch (JsonException exception)
        {
            return ("value", "not valid JSON: " + exception.Message);
        }
        catch (FeatureFlagSchemaViolation violation)
        {
            return (violation.Field, violation.Reason);
        }
    }

    /// <summary>The flag's <c>id</c> when <paramref name="value"/> is a JSON object with a string id; otherwise null.</summary>
    public static string? ReadId(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(value);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                ? id.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void CheckFlag(JsonElement flag)
    {
        var id = Required(flag, "id", JsonValueKind.String, "id");
        if (string.IsNullOrWhiteSpace(id.GetString()))
        {
            throw new FeatureFlagSchemaViolation("id", "must not be empty");
        }

        Optional(flag, "description", "description", JsonValueKind.String);
        Optional(flag, "display_name", "display_name", JsonValueKind.String);
        if (!flag.TryGetProperty("enabled", out var enabled) || enabled.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw new FeatureFlagSchemaViolation("enabled", "is required and must be true or false");
        }

        if (Optional(flag, "conditions", "conditions", JsonValueKind.Object) is { } conditions)
        {
            CheckConditions(conditions);
        }

        var variantNames = new HashSet<string>(StringComparer.Ordinal);
        if (Optional(flag, "variants", "variants", JsonValueKind.Array) is { } variants)
        {
            var index = 0;
            foreach (var variant in variants.EnumerateArray())
            {
                var path = $"variants[{index++}]";
                Expect(variant, JsonValueKind.Object, path);
                var name = Required(variant, "name", JsonValueKind.String, path + ".name").GetString()!;
                if (!variantNames.Add(name))
                {
                    throw new FeatureFlagSchemaViolation(path + ".name", $"duplicate variant name '{name}'");
                }

                OneOf(Optional(variant, "status_override", path + ".status_override", JsonValueKind.String), StatusOverrides, path + ".status_override");
            }
        }

        if (Optional(flag, "allocation", "allocation", JsonValueKind.Object) is { } allocation)
        {
            CheckAllocation(allocation);
        }

        if (Optional(flag, "telemetry", "telemetry", JsonValueKind.Object) is { } telemetry)
        {
            if (telemetry.TryGetProperty("enabled", out var telemetryEnabled) && telemetryEnabled.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                throw new FeatureFlagSchemaViolation("telemetry.enabled", "must be true or false");
            }

            if (Optional(telemetry, "metadata", "telemetry.metadata", JsonValueKind.Object) is { } metadata)
            {
                foreach (var entry in metadata.EnumerateObject())
                {
                    Expect(entry.Value, JsonValueKind.String, $"telemetry.metadata.{entry.Name}");
                }
            }
        }
    }

    private static void CheckConditions(JsonElement conditions)
    {
        OneOf(Optional(conditions, "requirement_type", "conditions.requirement_type", JsonValueKind.String), RequirementTypes, "conditions.requirement_type");
        if (Optional(conditions, "client_filters", "conditions.client_filters", JsonValueKind.Array) is not { } filters)
        {
            return;
        }

        var index = 0;
        foreach (var filter in filters.EnumerateArray())
        {
            var path = $"conditions.client_filters[{index++}]";
            Expect(filter, JsonValueKind.Object, path);
            var name = Required(filter, "name", JsonValueKind.String, path + ".name").GetString()!;
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new FeatureFlagSchemaViolation(path + ".name", "must not be empty");
            }

            BuiltInFilterParameters.Check(name, Optional(filter, "parameters", path + ".parameters", JsonValueKind.Object), path + ".parameters");
        }
    }

    private static void CheckAllocation(JsonElement allocation)
    {
        Optional(allocation, "default_when_enabled", "allocation.default_when_enabled", JsonValueKind.String);
        Optional(allocation, "default_when_disabled", "allocation.default_when_disabled", JsonValueKind.String);
        Optional(allocation, "seed", "allocation.seed", JsonValueKind.String);
        CheckAssignments(allocation, "user", "users");
        CheckAssignments(allocation, "group", "groups");
        if (Optional(allocation, "percentile", "allocation.percentile", JsonValueKind.Array) is not { } percentiles)
        {
            return;
        }

        var index = 0;
        foreach (var percentile in percentiles.EnumerateArray())
        {
            var path = $"allocation.percentile[{index++}]";
            Expect(percentile, JsonValueKind.Object, path);
            Required(percentile, "variant", JsonValueKind.String, path + ".variant");
            var from = Percent(Required(percentile, "from", JsonValueKind.Number, path + ".from"), path + ".from");
            var to = Percent(Required(percentile, "to", JsonValueKind.Number, path + ".to"), path + ".to");
            if (from > to)
            {
                throw new FeatureFlagSchemaViolation(path, $"'from' ({from}) must not exceed 'to' ({to})");
            }
        }
    }

    private static void CheckAssignments(JsonElement allocation, string name, string listName)
    {
        if (Optional(allocation, name, "allocation." + name, JsonValueKind.Array) is not { } assignments)
        {
            return;
        }

        var index = 0;
        foreach (var assignment in assignments.EnumerateArray())
        {
            var path = $"allocation.{name}[{index++}]";
            Expect(assignment, JsonValueKind.Object, path);
            Required(assignment, "variant", JsonValueKind.String, path + ".variant");
            var list = Required(assignment, listName, JsonValueKind.Array, $"{path}.{listName}");
            var item = 0;
            foreach (var entry in list.EnumerateArray())
            {
                Expect(entry, JsonValueKind.String, $"{path}.{listName}[{item++}]");
            }
        }
    }

    private static double Percent(JsonElement number, string path)
    {
        var value = number.GetDouble();
        return value is >= 0 and <= 100 ? value : throw new FeatureFlagSchemaViolation(path, $"must be between 0 and 100, not {value}");
    }

    private static JsonElement Required(JsonElement parent, string name, JsonValueKind kind, string path)
    {
        if (!parent.TryGetProperty(name, out var element))
        {
            throw new FeatureFlagSchemaViolation(path, "is required");
        }

        Expect(element, kind, path);
        return element;
    }

    private static JsonElement? Optional(JsonElement parent, string name, string path, JsonValueKind kind)
    {
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        Expect(element, kind, path);
        return element;
    }

    private static void Expect(JsonElement element, JsonValueKind kind, string path)
    {
        if (element.ValueKind != kind)
        {
            throw new FeatureFlagSchemaViolation(path, $"must be a JSON {kind.ToString().ToLowerInvariant()}, not {element.ValueKind.ToString().ToLowerInvariant()}");
        }
    }

    private static void OneOf(JsonElement? element, string[] allowed, string path)
    {
        if (element is { } value && !allowed.Contains(value.GetString(), StringComparer.OrdinalIgnoreCase))
        {
            throw new FeatureFlagSchemaViolation(path, $"must be one of {string.Join(", ", allowed)}, not '{value.GetString()}'");
        }
    }
}
