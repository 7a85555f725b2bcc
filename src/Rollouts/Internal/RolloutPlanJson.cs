using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OpenFeatureAppConfig.Rollouts.Internal;

/// <summary>
/// The plan's JSON value (docs/schemas/rollout-plan.schema.json): read strictly, so that a bad plan is an
/// error naming its field rather than a rollout doing something nobody meant; written in one canonical form.
/// </summary>
internal static partial class RolloutPlanJson
{
    private static readonly string[] RootFields = ["$schema", "target", "start", "stages", "state", "flagEtag", "history"];
    private static readonly string[] TargetFields = ["type", "variant"];
    private static readonly string[] StageFields = ["percentage", "hold"];
    private static readonly string[] TransitionFields = ["at", "from", "to", "reason", "actor"];
    private static readonly string[] StatusFields = ["state", "stage"];

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex DateTimePattern();

    public static string StateName(RolloutState state) => state switch
    {
        RolloutState.Running => "running",
        RolloutState.Paused => "paused",
        RolloutState.Completed => "completed",
        RolloutState.RolledBack => "rolledBack",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Not a rollout state."),
    };

    public static RolloutPlan Read(string flagName, string? label, string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new RolloutPlanFormatException(string.Empty, $"is not JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            RequireObject(root, string.Empty, RootFields);
            var target = ReadTarget(Required(root, "target", string.Empty));
            var start = ReadDateTime(Required(root, "start", string.Empty), "start");
            var stages = ReadArray(Required(root, "stages", string.Empty), "stages", ReadStage);
            var state = ReadState(Required(root, "state", string.Empty), "state");
            var flagETag = Optional(root, "flagEtag") is { } etag ? ReadString(etag, "flagEtag") : null;
            var history = ReadArray(Required(root, "history", string.Empty), "history", ReadTransition);

            var plan = new RolloutPlan(flagName, label, target, start, stages, history, flagETag);
            if (plan.Status.State != state)
            {
                throw new RolloutPlanFormatException("state", $"is '{StateName(state)}' but the history ends in '{StateName(plan.Status.State)}'.");
            }

            return plan;
        }
    }

    public static string Write(RolloutPlan plan)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("target");
            writer.WriteString("type", plan.Target.Variant is null ? "enabled" : "variant");
            if (plan.Target.Variant is { } variant)
            {
                writer.WriteString("variant", variant);
            }

            writer.WriteEndObject();
            writer.WriteString("start", FormatDateTime(plan.Start));
            writer.WriteStartArray("stages");
            foreach (var stage in plan.Stages)
            {
                writer.WriteStartObject();
                writer.WriteNumber("percentage", stage.Percentage);
                writer.WriteString("hold", IsoDuration.Format(stage.Hold));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteString("state", StateName(plan.Status.State));
            if (plan.FlagETag is { } flagETag)
            {
                writer.WriteString("flagEtag", flagETag);
            }

            writer.WriteStartArray("history");
            foreach (var entry in plan.History)
            {
                writer.WriteStartObject();
                writer.WriteString("at", FormatDateTime(entry.At));
                WriteStatus(writer, "from", entry.From);
                WriteStatus(writer, "to", entry.To);
                writer.WriteString("reason", entry.Reason);
                writer.WriteString("actor", entry.Actor);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteStatus(Utf8JsonWriter writer, string name, RolloutStatus status)
    {
        writer.WriteStartObject(name);
        writer.WriteString("state", StateName(status.State));
        if (status.Stage is { } stage)
        {
            writer.WriteNumber("stage", stage);
        }
        else
        {
            writer.WriteNull("stage");
        }

        writer.WriteEndObject();
    }

    private static RolloutTarget ReadTarget(JsonElement element)
    {
        RequireObject(element, "target", TargetFields);
        var type = ReadString(Required(element, "type", "target"), "target.type");
        switch (type)
        {
            case "enabled":
                if (Optional(element, "variant") is not null)
                {
                    throw new RolloutPlanFormatException("target.variant", "is only for a target of type 'variant'.");
                }

                return RolloutTarget.Enabled;
            case "variant":
                var variant = ReadString(Required(element, "variant", "target"), "target.variant");
                if (string.IsNullOrWhiteSpace(variant))
                {
                    throw new RolloutPlanFormatException("target.variant", "must name a variant of the flag.");
                }

                return RolloutTarget.ForVariant(variant);
            default:
                throw new RolloutPlanFormatException("target.type", $"must be 'enabled' or 'variant', not '{type}'.");
        }
    }

    private static RolloutStage ReadStage(JsonElement element, string path)
    {
        RequireObject(element, path, StageFields);
        var percentage = Required(element, "percentage", path);
        if (percentage.ValueKind != JsonValueKind.Number || !percentage.TryGetDouble(out var value))
        {
            throw new RolloutPlanFormatException(path + ".percentage", "must be a number.");
        }

        var hold = ReadString(Required(element, "hold", path), path + ".hold");
        if (!IsoDuration.TryParse(hold, out var duration))
        {
            throw new RolloutPlanFormatException(path + ".hold", $"must be an ISO 8601 duration in days, hours, minutes and seconds (P1D, PT4H, PT30S), not '{hold}'.");
        }

        return new RolloutStage(value, duration);
    }

    private static RolloutTransition ReadTransition(JsonElement element, string path)
    {
        RequireObject(element, path, TransitionFields);
        return new RolloutTransition(
            ReadDateTime(Required(element, "at", path), path + ".at"),
            ReadStatus(Required(element, "from", path), path + ".from"),
            ReadStatus(Required(element, "to", path), path + ".to"),
            ReadString(Required(element, "reason", path), path + ".reason"),
            ReadString(Required(element, "actor", path), path + ".actor"));
    }

    private static RolloutStatus ReadStatus(JsonElement element, string path)
    {
        RequireObject(element, path, StatusFields);
        var state = ReadState(Required(element, "state", path), path + ".state");
        var stage = Required(element, "stage", path);
        if (stage.ValueKind == JsonValueKind.Null)
        {
            return new RolloutStatus(state, null);
        }

        if (stage.ValueKind != JsonValueKind.Number || !stage.TryGetInt32(out var index))
        {
            throw new RolloutPlanFormatException(path + ".stage", "must be a stage index (an integer) or null.");
        }

        return new RolloutStatus(state, index);
    }

    private static RolloutState ReadState(JsonElement element, string path) => ReadString(element, path) switch
    {
        "running" => RolloutState.Running,
        "paused" => RolloutState.Paused,
        "completed" => RolloutState.Completed,
        "rolledBack" => RolloutState.RolledBack,
        var other => throw new RolloutPlanFormatException(path, $"must be 'running', 'paused', 'completed' or 'rolledBack', not '{other}'."),
    };

    private static DateTimeOffset ReadDateTime(JsonElement element, string path)
    {
        var text = ReadString(element, path);
        if (!DateTimePattern().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            throw new RolloutPlanFormatException(path, $"must be an ISO 8601 date and time with an offset (2026-12-03T09:00:00Z), not '{text}'.");
        }

        return value;
    }

    private static string FormatDateTime(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static List<T> ReadArray<T>(JsonElement element, string path, Func<JsonElement, string, T> read)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new RolloutPlanFormatException(path, "must be an array.");
        }

        var items = new List<T>();
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            items.Add(read(item, $"{path}[{index++}]"));
        }

        return items;
    }

    private static string ReadString(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.String ? element.GetString()! : throw new RolloutPlanFormatException(path, "must be a string.");

    private static void RequireObject(JsonElement element, string path, string[] knownFields)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new RolloutPlanFormatException(path, "must be a JSON object.");
        }

        foreach (var property in element.EnumerateObject())
        {
            if (Array.IndexOf(knownFields, property.Name) < 0)
            {
                // A misspelt field ("hodl") would otherwise be a default nobody chose.
                throw new RolloutPlanFormatException(Join(path, property.Name), "is not a field of a rollout plan.");
            }
        }
    }

    private static JsonElement Required(JsonElement element, string name, string path) =>
        element.TryGetProperty(name, out var value) ? value : throw new RolloutPlanFormatException(Join(path, name), "is required.");

    private static JsonElement? Optional(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;
}
