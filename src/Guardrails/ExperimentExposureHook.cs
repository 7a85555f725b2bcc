using OpenFeature;
using OpenFeature.Constant;
using OpenFeature.Model;
using OpenFeatureAppConfig.Guardrails.Internal;

namespace OpenFeatureAppConfig.Guardrails;

/// <summary>
/// Enrolls each targeting key that evaluates a flag under an experiment (<see cref="ExperimentReadoutOptions"/>) in
/// the variant it got, for the experiment readout. Evaluations that fail, name no variant, or carry no targeting key
/// enroll no one. Add it like any hook: <c>of.AddHook(sp =&gt; sp.GetRequiredService&lt;ExperimentExposureHook&gt;())</c>,
/// <c>client.AddHooks(...)</c> or <c>Api.Instance.AddHooks(...)</c>; <see cref="FlagAwareTracking.TrackWithVariants"/>
/// finds it there to count conversions.
/// </summary>
public sealed class ExperimentExposureHook : Hook
{
    internal ExperimentExposureHook(ExperimentRecorder recorder) => Recorder = recorder;

    internal ExperimentRecorder Recorder { get; }

    /// <inheritdoc />
    public override ValueTask FinallyAsync<T>(HookContext<T> context, FlagEvaluationDetails<T> evaluationDetails,
        IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default)
    {
        if (evaluationDetails is { ErrorType: ErrorType.None, Variant: { Length: > 0 } variant })
        {
            Recorder.RecordExposure(evaluationDetails.FlagKey, variant, context?.EvaluationContext?.TargetingKey);
        }

        return default;
    }
}
