using OpenFeature.Constant;
using OpenFeature.Model;

namespace OpenFeature.Telemetry;

/// <summary>Describes a flag evaluation with the OpenTelemetry semantic conventions.</summary>
/// <typeparam name="T">The flag's value type.</typeparam>
public sealed class EvaluationEventBuilder<T>
{
    private const string EventName = "feature_flag.evaluation";

    /// <summary>Creates a builder.</summary>
    public EvaluationEventBuilder()
    {
    }

    /// <summary>A shared builder.</summary>
    public static EvaluationEventBuilder<T> Default { get; } = new();

    /// <summary>Builds the event of one evaluation.</summary>
    /// <param name="hookContext">The evaluation's hook context.</param>
    /// <param name="details">The evaluation's result.</param>
    /// <returns>The event.</returns>
    public static EvaluationEvent Build(HookContext<T> hookContext, FlagEvaluationDetails<T> details)
    {
        ArgumentNullException.ThrowIfNull(hookContext);
        ArgumentNullException.ThrowIfNull(details);
        var attributes = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [TelemetryConstants.Key] = details.FlagKey,
            [TelemetryConstants.Provider] = hookContext.ProviderMetadata.Name ?? "Unknown",
            [TelemetryConstants.Reason] = (details.Reason ?? Reason.Unknown).ToLowerInvariant(),
        };
        if (details.Variant is not null)
        {
            attributes[TelemetryConstants.Variant] = details.Variant;
        }
        else
        {
            attributes[TelemetryConstants.Value] = details.Value;
        }

        var contextId = details.FlagMetadata?.GetString(TelemetryFlagMetadata.ContextId) ?? hookContext.EvaluationContext.TargetingKey;
        if (contextId is not null)
        {
            attributes[TelemetryConstants.ContextId] = contextId;
        }

        AddIfPresent(attributes, TelemetryConstants.FlagSetId, details.FlagMetadata?.GetString(TelemetryFlagMetadata.FlagSetId));
        AddIfPresent(attributes, TelemetryConstants.Version, details.FlagMetadata?.GetString(TelemetryFlagMetadata.Version));
        if (details.ErrorType != ErrorType.None)
        {
            attributes[TelemetryConstants.ErrorCode] = details.ErrorType.ToString();
            AddIfPresent(attributes, TelemetryConstants.ErrorMessage, details.ErrorMessage);
        }

        return new EvaluationEvent(EventName, attributes);
    }

    private static void AddIfPresent(Dictionary<string, object?> attributes, string key, string? value)
    {
        if (value is not null)
        {
            attributes[key] = value;
        }
    }
}
