using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OpenFeatureAppConfig.Emulator.FeatureFlags;

/// <summary>
/// Checks the parameters of the built-in feature filters the way the Azure portal does before it saves a
/// flag, so that a flag an application would fail on (a <c>Microsoft.TimeWindow</c> whose <c>Start</c> is
/// <c>"garbage"</c>) is refused with the field at fault:
/// <list type="bullet">
/// <item><c>Microsoft.TimeWindow</c>: <c>Start</c> and/or <c>End</c> as RFC 1123 or ISO 8601 dates, End after
/// Start, and a <c>Recurrence</c> (<c>Pattern</c> Daily/Weekly with Interval, DaysOfWeek, FirstDayOfWeek;
/// <c>Range</c> NoEnd/EndDate/Numbered with EndDate, NumberOfOccurrences, RecurrenceTimeZone) whose window
/// fits in its interval;</item>
/// <item><c>Microsoft.Targeting</c>: an <c>Audience</c> with Users (strings), Groups (Name and
/// RolloutPercentage 0..100), DefaultRolloutPercentage 0..100 and an Exclusion of Users and Groups (strings);</item>
/// <item><c>Microsoft.Percentage</c>: <c>Value</c> 0..100.</item>
/// </list>
/// Filter names match with or without the <c>Microsoft.</c> prefix and parameter names in any case, as the
/// feature management libraries bind them; numbers may also be numeric strings (configuration is text).
/// Other filters are the application's own business and are not checked.
/// </summary>
internal static partial class BuiltInFilterParameters
{
    private static readonly string[] DayNames = Enum.GetNames<DayOfWeek>();

    /// <summary>Throws <see cref="FeatureFlagSchemaViolation"/> when a built-in filter's parameters are malformed.</summary>
    public static void Check(string filterName, JsonElement? parameters, string path)
    {
        var name = filterName.StartsWith("Microsoft.", StringComparison.OrdinalIgnoreCase) ? filterName["Microsoft.".Length..] : filterName;
        Action<JsonElement, string>? check = name.ToUpperInvariant() switch
        {
            "TIMEWINDOW" => CheckTimeWindow,
            "TARGETING" => CheckTargeting,
            "PERCENTAGE" => (p, at) => Percent(Require(p, "Value", at), at + ".Value"),
            _ => null,
        };
        if (check is null)
        {
            return;
        }

        if (parameters is not { ValueKind: JsonValueKind.Object } given)
        {
            throw new FeatureFlagSchemaViolation(path, $"is required for the built-in filter '{filterName}'");
        }

        check(given, path);
    }

    private static void CheckTimeWindow(JsonElement parameters, string path)
    {
        var start = Find(parameters, "Start") is { } startElement ? Date(startElement, path + ".Start") : (DateTimeOffset?)null;
        var end = Find(parameters, "End") is { } endElement ? Date(endElement, path + ".End") : (DateTimeOffset?)null;
        if (start is null && end is null)
        {
            throw new FeatureFlagSchemaViolation(path, "needs a Start or an End date (or both)");
        }

        if (start is not null && end is not null && end <= start)
        {
            throw new FeatureFlagSchemaViolation(path + ".End", "must be after Start");
        }

        if (Find(parameters, "Recurrence") is { } recurrence)
        {
            CheckRecurrence(Object(recurrence, path + ".Recurrence"), start, end, path);
        }
    }

    private static void CheckRecurrence(JsonElement recurrence, DateTimeOffset? start, DateTimeOffset? end, string path)
    {
        if (start is null || end is null)
        {
            throw new FeatureFlagSchemaViolation(path + (start is null ? ".Start" : ".End"), "is required when the time window recurs");
        }

        var at = path + ".Recurrence";
        var pattern = Object(Require(recurrence, "Pattern", at), at + ".Pattern");
        var type = OneOf(Require(pattern, "Type", at + ".Pattern"), at + ".Pattern.Type", "Daily", "Weekly");
        var interval = Find(pattern, "Interval") is { } intervalElement ? Count(intervalElement, at + ".Pattern.Interval") : 1;
        if (type == "Weekly")
        {
            var days = Array(Require(pattern, "DaysOfWeek", at + ".Pattern"), at + ".Pattern.DaysOfWeek");
            if (days.GetArrayLength() == 0)
            {
                throw new FeatureFlagSchemaViolation(at + ".Pattern.DaysOfWeek", "must name at least one day");
            }

            var index = 0;
            foreach (var day in days.EnumerateArray())
            {
                OneOf(day, $"{at}.Pattern.DaysOfWeek[{index++}]", DayNames);
            }
        }

        if (Find(pattern, "FirstDayOfWeek") is { } firstDay)
        {
            OneOf(firstDay, at + ".Pattern.FirstDayOfWeek", DayNames);
        }

        // A window longer than the interval would overlap the next occurrence (the libraries refuse it).
        var longest = TimeSpan.FromDays(type == "Daily" ? interval : 7.0 * interval);
        if (end.Value - start.Value > longest)
        {
            throw new FeatureFlagSchemaViolation(path + ".End", $"makes the time window longer than the recurrence interval ({longest.TotalDays:0} days)");
        }

        if (Find(recurrence, "Range") is not { } rangeElement)
        {
            return;
        }

        var range = Object(rangeElement, at + ".Range");
        var rangeType = Find(range, "Type") is { } rangeTypeElement ? OneOf(rangeTypeElement, at + ".Range.Type", "NoEnd", "EndDate", "Numbered") : "NoEnd";
        if (rangeType == "EndDate" && Date(Require(range, "EndDate", at + ".Range"), at + ".Range.EndDate") < start)
        {
            throw new FeatureFlagSchemaViolation(at + ".Range.EndDate", "must not be before Start");
        }

        if (rangeType == "Numbered")
        {
            Count(Require(range, "NumberOfOccurrences", at + ".Range"), at + ".Range.NumberOfOccurrences");
        }

        if (Find(range, "RecurrenceTimeZone") is { } zone && (zone.ValueKind != JsonValueKind.String || !TimeZoneOffset().IsMatch(zone.GetString()!)))
        {
            throw new FeatureFlagSchemaViolation(at + ".Range.RecurrenceTimeZone", "must be an offset such as 'UTC+08:00' or 'UTC-05:30'");
        }
    }

    private static void CheckTargeting(JsonElement parameters, string path)
    {
        var at = path + ".Audience";
        var audience = Object(Require(parameters, "Audience", path), at);
        Strings(audience, "Users", at);
        if (Find(audience, "Groups") is { } groupsElement)
        {
            var index = 0;
            foreach (var group in Array(groupsElement, at + ".Groups").EnumerateArray())
            {
                var groupPath = $"{at}.Groups[{index++}]";
                Object(group, groupPath);
                if (Require(group, "Name", groupPath) is not { ValueKind: JsonValueKind.String } name || string.IsNullOrWhiteSpace(name.GetString()))
                {
                    throw new FeatureFlagSchemaViolation(groupPath + ".Name", "must be a non-empty string");
                }

                Percent(Require(group, "RolloutPercentage", groupPath), groupPath + ".RolloutPercentage");
            }
        }

        if (Find(audience, "DefaultRolloutPercentage") is { } defaultPercentage)
        {
            Percent(defaultPercentage, at + ".DefaultRolloutPercentage");
        }

        if (Find(audience, "Exclusion") is { } exclusionElement)
        {
            var exclusion = Object(exclusionElement, at + ".Exclusion");
            Strings(exclusion, "Users", at + ".Exclusion");
            Strings(exclusion, "Groups", at + ".Exclusion");
        }
    }

    // Parameter names bind case-insensitively in the feature management libraries; null counts as absent.
    private static JsonElement? Find(JsonElement parent, string name)
    {
        foreach (var property in parent.EnumerateObject())
        {
            if (property.NameEquals(name) || string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.ValueKind == JsonValueKind.Null ? null : property.Value;
            }
        }

        return null;
    }

    private static JsonElement Require(JsonElement parent, string name, string parentPath) =>
        Find(parent, name) ?? throw new FeatureFlagSchemaViolation($"{parentPath}.{name}", "is required");

    private static JsonElement Object(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Object ? element : throw new FeatureFlagSchemaViolation(path, "must be a JSON object");

    private static JsonElement Array(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Array ? element : throw new FeatureFlagSchemaViolation(path, "must be a JSON array");

    private static void Strings(JsonElement parent, string name, string parentPath)
    {
        if (Find(parent, name) is not { } list)
        {
            return;
        }

        var index = 0;
        foreach (var item in Array(list, $"{parentPath}.{name}").EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                throw new FeatureFlagSchemaViolation($"{parentPath}.{name}[{index}]", "must be a string");
            }

            index++;
        }
    }

    private static string OneOf(JsonElement element, string path, params string[] allowed)
    {
        var text = element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        return allowed.FirstOrDefault(a => string.Equals(a, text, StringComparison.OrdinalIgnoreCase))
            ?? throw new FeatureFlagSchemaViolation(path, $"must be one of {string.Join(", ", allowed)}");
    }

    private static DateTimeOffset Date(JsonElement element, string path)
    {
        var text = element.ValueKind == JsonValueKind.String ? element.GetString()! : string.Empty;
        if (DateTimeOffset.TryParseExact(text, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var rfc1123))
        {
            return rfc1123;
        }

        if (IsoDate().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var iso))
        {
            return iso;
        }

        throw new FeatureFlagSchemaViolation(path, "must be a date in RFC 1123 ('Mon, 01 Jan 2024 00:00:00 GMT') or ISO 8601 ('2024-01-01T00:00:00Z') form");
    }

    private static double Percent(JsonElement element, string path)
    {
        var value = Number(element);
        return value is >= 0 and <= 100 ? value.Value : throw new FeatureFlagSchemaViolation(path, "must be a number between 0 and 100");
    }

    private static int Count(JsonElement element, string path)
    {
        var value = Number(element);
        return value is >= 1 and <= int.MaxValue && value % 1 == 0 ? (int)value.Value : throw new FeatureFlagSchemaViolation(path, "must be a whole number of at least 1");
    }

    private static double? Number(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number when element.TryGetDouble(out var number) && double.IsFinite(number) => number,
        JsonValueKind.String when double.TryParse(element.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed) => parsed,
        _ => null,
    };

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"^UTC[+-](0\d|1[0-4]):[0-5]\d$")]
    private static partial Regex TimeZoneOffset();
}
