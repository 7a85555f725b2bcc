using OpenFeature;
using OpenFeature.Constant;
using OpenFeature.Model;
using OpenFeatureAppConfig.Guardrails.Internal;

namespace OpenFeatureAppConfig.Guardrails;

/// <summary>
/// Enrolls each targeting key that evaluates a flag under an experiment (<see cref="ExperimentReadoutOptions"/>) in
/// the variant it got, for the experiment readout. Evaluations that fail, name no variant, or carry no targeting key
/// enroll no one. Add it like any hook: <c>of.AddHook(sp =&gt; sp.GetRequiredService&lt;ExperimentExposureHook&gt;())</c>,
/// <c>client.AddHooks(...)</c> or <c>Api.Instance.AddHooks(...)</c>. Conversions come from
/// <see cref="FlagAwareTracking.TrackWithVariants"/>.
/// </summary>
public sealed class ExperimentExposureHook : Hook
{
    private readonly ExperimentRecorder _recorder;

    internal ExperimentExposureHook(ExperimentRecorder recorder) => _recorder = recorder;

    /// <inheritdoc />
    public override ValueTask FinallyAsync<T>(HookContext<T> context, FlagEvaluationDetails<T> evaluationDetails,
        IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default)
    {
        if (evaluationDetails is { ErrorType: ErrorType.None, Variant: { Length: > 0 } variant })
        {
            _recorder.RecordExposure(evaluationDetails.FlagKey, variant, context?.EvaluationContext?.TargetingKey);
        }

        return default;
    }
}
