using System.Diagnostics;
using System.Diagnostics.Metrics;
using OpenFeature;
using OpenFeature.Constant;
using OpenFeature.Model;
using OpenFeature.Telemetry;

namespace OpenFeatureAppConfig.Hosting;

/// <summary>
/// An OpenFeature hook that reports every evaluation the OpenTelemetry way, through <c>System.Diagnostics</c>: the
/// <c>feature_flag.evaluation</c> event of the semantic conventions (<c>feature_flag.key</c>,
/// <c>feature_flag.provider.name</c>, <c>feature_flag.result.variant</c>, <c>feature_flag.result.reason</c>,
/// <c>error.type</c>, <c>feature_flag.context.id</c>, ...) on the current activity — or, without one, on an activity
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
            var evaluation = EvaluationEventBuilder<T>.Build(context, evaluationDetails);
            var tags = new ActivityTagsCollection();
            foreach (var (name, value) in evaluation.Attributes)
            {
                if (value is not null)
                {
                    tags[name] = value;
                }
            }

            if (current is not null)
            {
                current.AddEvent(new ActivityEvent(evaluation.Name, tags: tags));
            }
            else
            {
                using var own = Source.StartActivity(evaluation.Name, ActivityKind.Internal);
                own?.AddEvent(new ActivityEvent(evaluation.Name, tags: tags));
            }
        }

        if (Evaluations.Enabled)
        {
            var counterTags = new TagList
            {
                { TelemetryConstants.Key, evaluationDetails.FlagKey },
                { TelemetryConstants.Provider, context.ProviderMetadata.Name },
                { TelemetryConstants.Variant, evaluationDetails.Variant ?? Convert.ToString(evaluationDetails.Value, System.Globalization.CultureInfo.InvariantCulture) },
                { TelemetryConstants.Reason, (evaluationDetails.Reason ?? Reason.Unknown).ToLowerInvariant() },
            };
            if (evaluationDetails.ErrorType != ErrorType.None)
            {
                counterTags.Add(TelemetryConstants.ErrorCode, evaluationDetails.ErrorType.ToString());
            }

            Evaluations.Add(1, counterTags);
        }

        return default;
    }
}
