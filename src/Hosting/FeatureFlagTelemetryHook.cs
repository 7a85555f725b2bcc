using System.Diagnostics;
using System.Diagnostics.Metrics;
using OpenFeature;
using OpenFeature.Model;
using OpenFeatureAppConfig.Hosting.Internal;

namespace OpenFeatureAppConfig.Hosting;

/// <summary>
/// An OpenFeature hook that reports every evaluation the OpenTelemetry way, through <c>System.Diagnostics</c>: the
/// <c>feature_flag.evaluation</c> event of the semantic conventions (<c>feature_flag.key</c>,
/// <c>feature_flag.provider.name</c>, <c>feature_flag.result.variant</c> or else <c>feature_flag.result.value</c>,
/// <c>feature_flag.result.reason</c>, <c>feature_flag.context.id</c> (the flag metadata's <c>contextId</c>, else the
/// targeting key), <c>feature_flag.set.id</c>, <c>feature_flag.version</c>, and <c>error.type</c> (snake_case, such as
/// <c>flag_not_found</c>) with <c>error.message</c> on errors) on the current activity — or, without one, on an activity
/// of its own from the <see cref="SourceName"/> source — and the counter <see cref="EvaluationCounterName"/> per flag,
/// variant, reason and error type on the meter <see cref="SourceName"/>.
/// </summary>
/// <remarks>
/// Add it with <c>of.AddHook&lt;FeatureFlagTelemetryHook&gt;()</c>; export with OpenTelemetry's
/// <c>AddSource(FeatureFlagTelemetryHook.SourceName)</c> and <c>AddMeter(FeatureFlagTelemetryHook.SourceName)</c>.
/// Without listeners it costs almost nothing.
/// </remarks>
public sealed class FeatureFlagTelemetryHook : Hook
{
    /// <summary>The name of the hook's <see cref="ActivitySource"/> and <see cref="Meter"/>.</summary>
    public const string SourceName = "OpenFeatureAppConfig.Hosting";

    /// <summary>The name of the evaluation counter.</summary>
    public const string EvaluationCounterName = "feature_flag.evaluations";

    private static readonly ActivitySource Source = new(SourceName);
    private static readonly Meter Meter = new(SourceName);
    private static readonly Counter<long> Evaluations =
        Meter.CreateCounter<long>(EvaluationCounterName, "{evaluation}", "Feature flag evaluations, per flag and variant.");

    /// <inheritdoc />
    public override ValueTask FinallyAsync<T>(HookContext<T> context, FlagEvaluationDetails<T> evaluationDetails,
        IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default)
    {
        // Only recorded activities keep events; an unsampled request span is left alone.
        var current = Activity.Current is { IsAllDataRequested: true } recorded ? recorded : null;
        if (current is not null || Source.HasListeners())
        {
            var evaluation = new ActivityEvent(EvaluationTelemetryAttributes.EventName,
                tags: EvaluationTelemetryAttributes.ForEvent(context, evaluationDetails));
            if (current is not null)
            {
                current.AddEvent(evaluation);
            }
            else
            {
                using var own = Source.StartActivity(EvaluationTelemetryAttributes.EventName, ActivityKind.Internal);
                own?.AddEvent(evaluation);
            }
        }

        if (Evaluations.Enabled)
        {
            Evaluations.Add(1, EvaluationTelemetryAttributes.ForCounter(context, evaluationDetails));
        }

        return default;
    }
}
