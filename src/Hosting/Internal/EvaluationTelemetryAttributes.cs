using System.Diagnostics;
using OpenFeature.Constant;
using OpenFeature.Model;
using OpenFeature.Telemetry;

namespace OpenFeatureAppConfig.Hosting.Internal;

/// <summary>
/// The attributes of one evaluation as the OpenTelemetry semantic conventions for feature flags name them (event
/// <c>feature_flag.evaluation</c>). Built here rather than by the SDK so that the values follow the conventions:
/// snake_case <c>error.type</c> and reasons, and the context id falling back to the targeting key.
/// </summary>
internal static class EvaluationTelemetryAttributes
{
    public const string EventName = "feature_flag.evaluation";

    /// <summary>Every attribute of the evaluation event that has a value.</summary>
    public static ActivityTagsCollection ForEvent<T>(HookContext<T> context, FlagEvaluationDetails<T> details)
    {
        var tags = new ActivityTagsCollection();
        foreach (var tag in Common(context, details))
        {
            tags[tag.Key] = tag.Value;
        }

        var metadata = details.FlagMetadata;
        Add(tags, TelemetryConstants.ContextId, metadata?.GetString(TelemetryFlagMetadata.ContextId) ?? context.EvaluationContext?.TargetingKey);
        Add(tags, TelemetryConstants.FlagSetId, metadata?.GetString(TelemetryFlagMetadata.FlagSetId));
        Add(tags, TelemetryConstants.Version, metadata?.GetString(TelemetryFlagMetadata.Version));
        if (details.ErrorType != ErrorType.None)
        {
            Add(tags, TelemetryConstants.ErrorMessage, details.ErrorMessage);
        }

        return tags;
    }

    /// <summary>The low-cardinality attributes a counter can carry: key, provider, variant (or value), reason, error type.</summary>
    public static TagList ForCounter<T>(HookContext<T> context, FlagEvaluationDetails<T> details)
    {
        var tags = new TagList();
        foreach (var tag in Common(context, details))
        {
            tags.Add(tag);
        }

        return tags;
    }

    /// <summary>The semantic conventions' <c>error.type</c> value for an OpenFeature error code.</summary>
    private static string ErrorTypeName(ErrorType errorType) => errorType switch
    {
        ErrorType.FlagNotFound => "flag_not_found",
        ErrorType.InvalidContext => "invalid_context",
        ErrorType.ParseError => "parse_error",
        ErrorType.ProviderFatal => "provider_fatal",
        ErrorType.ProviderNotReady => "provider_not_ready",
        ErrorType.TargetingKeyMissing => "targeting_key_missing",
        ErrorType.TypeMismatch => "type_mismatch",
        _ => "general",
    };

    private static IEnumerable<KeyValuePair<string, object?>> Common<T>(HookContext<T> context, FlagEvaluationDetails<T> details)
    {
        yield return new(TelemetryConstants.Key, details.FlagKey);
        yield return new(TelemetryConstants.Provider, context.ProviderMetadata?.Name);

        // The value only when there is no variant: values can be large or sensitive, a variant names them.
        if (!string.IsNullOrEmpty(details.Variant))
        {
            yield return new(TelemetryConstants.Variant, details.Variant);
        }
        else if (ScalarValue(details.Value) is { } value)
        {
            yield return new(TelemetryConstants.Value, value);
        }

        // OpenFeature's reasons are upper snake_case (TARGETING_MATCH); the conventions' are lower.
        yield return new(TelemetryConstants.Reason, string.IsNullOrWhiteSpace(details.Reason) ? "unknown" : details.Reason.ToLowerInvariant());
        if (details.ErrorType != ErrorType.None)
        {
            yield return new(TelemetryConstants.ErrorCode, ErrorTypeName(details.ErrorType));
        }
    }

    /// <summary>Booleans, numbers and strings; structures and lists are left out (size, and what they may hold).</summary>
    private static object? ScalarValue<T>(T value) => value switch
    {
        bool or int or double or string => value,
        Value { IsBoolean: true } v => v.AsBoolean,
        Value { IsNumber: true } v => v.AsDouble,
        Value { IsString: true } v => v.AsString,
        _ => null,
    };

    private static void Add(ActivityTagsCollection tags, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            tags[name] = value;
        }
    }
}
