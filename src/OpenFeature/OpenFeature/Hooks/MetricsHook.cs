using System.Diagnostics;
using System.Diagnostics.Metrics;
using OpenFeature.Model;
using OpenFeature.Telemetry;

namespace OpenFeature.Hooks;

/// <summary>
/// Records flag evaluation metrics with <see cref="System.Diagnostics.Metrics"/> (meter <c>OpenFeature</c>):
/// evaluation requests, successes, errors, and evaluations in progress.
/// </summary>
public sealed class MetricsHook : Hook
{
    private static readonly Meter Meter = new("OpenFeature", typeof(MetricsHook).Assembly.GetName().Version?.ToString());
    private static readonly UpDownCounter<long> ActiveCount =
        Meter.CreateUpDownCounter<long>("feature_flag.evaluation_active_count", "{request}", "Flag evaluations in progress.");
    private static readonly Counter<long> RequestCount =
        Meter.CreateCounter<long>("feature_flag.evaluation_requests_total", "{request}", "Flag evaluation requests.");
    private static readonly Counter<long> SuccessCount =
        Meter.CreateCounter<long>("feature_flag.evaluation_success_total", "{impression}", "Successful flag evaluations.");
    private static readonly Counter<long> ErrorCount =
        Meter.CreateCounter<long>("feature_flag.evaluation_error_total", "{impression}", "Failed flag evaluations.");

    private readonly MetricsHookOptions _options;

    /// <summary>Creates the hook.</summary>
    /// <param name="options">Extra dimensions; none when null.</param>
    public MetricsHook(MetricsHookOptions? options = null) => _options = options ?? MetricsHookOptions.Default;

    /// <inheritdoc />
    public override ValueTask<EvaluationContext> BeforeAsync<T>(HookContext<T> context,
        IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default)
    {
        var tags = BaseTags(context);
        ActiveCount.Add(1, tags);
        RequestCount.Add(1, tags);
        return new(EvaluationContext.Empty);
    }

    /// <inheritdoc />
    public override ValueTask AfterAsync<T>(HookContext<T> context, FlagEvaluationDetails<T> details,
        IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default)
    {
        var tags = BaseTags(context);
        tags.Add(TelemetryConstants.Variant, details.Variant ?? details.Value?.ToString());
        tags.Add(TelemetryConstants.Reason, details.Reason ?? Constant.Reason.Unknown);
        if (details.FlagMetadata is not null)
        {
            foreach (var (key, callback) in _options.FlagMetadataCallbacks)
            {
                tags.Add(key, callback(details.FlagMetadata));
            }
        }

        SuccessCount.Add(1, tags);
        return default;
    }

    /// <inheritdoc />
    public override ValueTask ErrorAsync<T>(HookContext<T> context, Exception error,
        IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default)
    {
        var tags = BaseTags(context);
        tags.Add(TelemetryConstants.ErrorMessage, error.Message);
        ErrorCount.Add(1, tags);
        return default;
    }

    /// <inheritdoc />
    public override ValueTask FinallyAsync<T>(HookContext<T> context, FlagEvaluationDetails<T> evaluationDetails,
        IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default)
    {
        ActiveCount.Add(-1, BaseTags(context));
        return default;
    }

    private TagList BaseTags<T>(HookContext<T> context)
    {
        var tags = new TagList
        {
            { TelemetryConstants.Key, context.FlagKey },
            { TelemetryConstants.Provider, context.ProviderMetadata.Name },
        };
        foreach (var dimension in _options.CustomDimensions)
        {
            tags.Add(dimension);
        }

        return tags;
    }
}
