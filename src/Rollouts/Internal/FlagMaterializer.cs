using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenFeatureAppConfig.Rollouts.Internal;

/// <summary>
/// Writes a rollout percentage into a standard feature flag (the v2 schema every Microsoft client reads),
/// changing only the part the rollout owns and keeping every other field as it was:
/// <list type="bullet">
/// <item>an "enabled" target: the flag is enabled and its <c>Microsoft.Targeting</c> filter's
/// <c>Audience.DefaultRolloutPercentage</c> is the percentage (the filter is added when there is none);</item>
/// <item>a variant target: the variant's percentile allocation is <c>[0, percentage)</c>; every other
/// variant's percentile ranges are cut to start at the percentage, so a user keeps the variant they had
/// unless the target's range grew over them.</item>
/// </list>
/// Both only ever grow the target's share from 0 up, and Microsoft.FeatureManagement places a user at a fixed
/// point of it (a hash of the user and the flag or seed), so a user who has the target at one stage keeps it
/// at every larger one.
/// </summary>
internal static class FlagMaterializer
{
    private const string TargetingFilter = "Microsoft.Targeting";

    /// <summary>
    /// The key, in the flag's standard <c>telemetry.metadata</c>, of the reason of the rollout's last write. Every
    /// app's configuration carries that metadata, so each instance's provider can tell why the flag changed.
    /// </summary>
    public const string ReasonMetadataKey = "RolloutReason";

    /// <summary>The longest reason kept in the flag: the flag stays small and every instance's event bounded.</summary>
    public const int MaxReasonLength = 256;

    /// <summary>
    /// The flag value <paramref name="flagJson"/> with <paramref name="percentage"/> of users given <paramref name="target"/>
    /// and, when given, <paramref name="reason"/> (cut to <see cref="MaxReasonLength"/>) as the flag's rollout reason.
    /// </summary>
    /// <exception cref="FormatException">The flag is not a v2 flag object, or has not the variant the rollout targets.</exception>
    public static string Apply(string flagJson, RolloutTarget target, double percentage, string? reason = null)
    {
        JsonObject flag;
        try
        {
            flag = JsonNode.Parse(flagJson) as JsonObject ?? throw new FormatException("The feature flag's value is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"The feature flag's value is not JSON: {e.Message}", e);
        }

        if (target.Variant is { } variant)
        {
            AllocatePercentile(flag, variant, percentage);
        }
        else
        {
            SetDefaultRolloutPercentage(flag, percentage);
        }

        if (reason is not null)
        {
            ObjectAt(ObjectAt(flag, "telemetry"), "metadata")[ReasonMetadataKey] = Bounded(reason);
        }

        return flag.ToJsonString();
    }

    /// <summary>Whether two flag values are the same flag once their rollout reasons are set aside.</summary>
    public static bool SameApartFromReason(string flagJson, string otherJson) =>
        JsonNode.DeepEquals(WithoutReason(flagJson), WithoutReason(otherJson));

    private static JsonNode? WithoutReason(string flagJson)
    {
        var flag = JsonNode.Parse(flagJson);
        if (flag?["telemetry"]?["metadata"] is JsonObject metadata)
        {
            metadata.Remove(ReasonMetadataKey);
        }

        return flag;
    }

    private static string Bounded(string reason) =>
        reason.Length <= MaxReasonLength ? reason : string.Concat(reason.AsSpan(0, MaxReasonLength - 1), "…");

    private static void SetDefaultRolloutPercentage(JsonObject flag, double percentage)
    {
        flag["enabled"] = true;
        var conditions = ObjectAt(flag, "conditions");
        var filters = conditions["client_filters"] switch
        {
            null => (JsonArray)(conditions["client_filters"] = new JsonArray()),
            JsonArray array => array,
            _ => throw new FormatException("The feature flag's 'conditions.client_filters' is not an array."),
        };

        var targeting = filters.OfType<JsonObject>().FirstOrDefault(IsTargetingFilter);
        if (targeting is null)
        {
            targeting = new JsonObject { ["name"] = TargetingFilter };
            filters.Add(targeting);
        }

        var audience = ObjectAt(ObjectAt(targeting, "parameters"), "Audience");
        audience["Users"] ??= new JsonArray();
        audience["Groups"] ??= new JsonArray();
        audience["DefaultRolloutPercentage"] = percentage;
    }

    private static bool IsTargetingFilter(JsonObject filter) =>
        filter["name"] is JsonValue name && name.TryGetValue<string>(out var text)
        && (string.Equals(text, TargetingFilter, StringComparison.OrdinalIgnoreCase) || string.Equals(text, "Targeting", StringComparison.OrdinalIgnoreCase));

    private static void AllocatePercentile(JsonObject flag, string variant, double percentage)
    {
        var variants = flag["variants"] as JsonArray;
        if (variants is null || !variants.OfType<JsonObject>().Any(v => NameOf(v, "name") == variant))
        {
            throw new FormatException($"The feature flag has no variant '{variant}' for the rollout to allocate.");
        }

        var allocation = ObjectAt(flag, "allocation");
        var existing = allocation["percentile"] switch
        {
            null => [],
            JsonArray array => array.ToList(),
            _ => throw new FormatException("The feature flag's 'allocation.percentile' is not an array."),
        };

        var percentile = new JsonArray();
        if (percentage > 0)
        {
            percentile.Add(new JsonObject { ["variant"] = variant, ["from"] = 0, ["to"] = percentage });
        }

        foreach (var node in existing)
        {
            if (node is not JsonObject range)
            {
                throw new FormatException("An entry of the feature flag's 'allocation.percentile' is not an object.");
            }

            if (NameOf(range, "variant") == variant)
            {
                continue;
            }

            var from = Math.Max(NumberOf(range, "from"), percentage);
            var to = NumberOf(range, "to");
            if (from < to)
            {
                var kept = (JsonObject)range.DeepClone();
                kept["from"] = from;
                percentile.Add(kept);
            }
        }

        allocation["percentile"] = percentile;
    }

    private static JsonObject ObjectAt(JsonObject parent, string name) => parent[name] switch
    {
        null => (JsonObject)(parent[name] = new JsonObject()),
        JsonObject child => child,
        _ => throw new FormatException($"The feature flag's '{name}' is not an object."),
    };

    private static string? NameOf(JsonObject node, string property) =>
        node[property] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static double NumberOf(JsonObject range, string property)
    {
        if (range[property] is JsonValue value && value.GetValueKind() == JsonValueKind.Number)
        {
            return value.GetValue<double>();
        }

        throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"A percentile range of the feature flag has no numeric '{property}'."));
    }
}
