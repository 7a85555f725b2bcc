using System.Collections.Concurrent;
using OpenFeatureAppConfig.Guardrails.Internal;
using OpenFeatureAppConfig.Rollouts;

namespace OpenFeatureAppConfig.Guardrails;

/// <summary>
/// A guard on this instance's own flag-aware request totals (<c>AddFlagAwareMetrics</c> and
/// <c>UseFlagAwareMetrics</c> in the same app as the executor): the requests since the guard first looked at the
/// current stage, treatment against control, through <see cref="GuardrailDecision"/>. It sees only the requests this
/// instance served; summing across a fleet comes with fleet mode.
/// </summary>
public sealed class InProcessRolloutGuard : IRolloutGuard
{
    private readonly GuardrailCriteria _criteria;
    private readonly string? _treatmentVariant;
    private readonly FlagAwareAggregates _aggregates;
    private readonly ConcurrentDictionary<(string Flag, string? Label), Baseline> _baselines = new();

    internal InProcessRolloutGuard(GuardrailCriteria criteria, string? treatmentVariant, FlagAwareAggregates aggregates)
    {
        criteria.Validate();
        _criteria = criteria;
        _treatmentVariant = treatmentVariant;
        _aggregates = aggregates;
    }

    /// <inheritdoc />
    public string Name => "in-process";

    /// <inheritdoc />
    public ValueTask<RolloutGuardResult> CheckAsync(RolloutGuardContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var plan = context.Plan;
        var variant = GuardedArms.TreatmentVariant(plan, _treatmentVariant);
        var now = _aggregates.Arms(plan.FlagName, variant);

        // The totals run since the app started; the stage is judged on what came after the guard first saw it
        // (at most one evaluation window after it was written). One baseline per rollout: a new stage replaces it.
        var baseline = _baselines.AddOrUpdate(
            (plan.FlagName, plan.Label),
            static (_, fresh) => fresh,
            static (_, known, fresh) => known.StageWrittenAt == fresh.StageWrittenAt ? known : fresh,
            new Baseline(context.StageWrittenAt, now.Control, now.Treatment));
        var control = new ArmObservation(now.Control.Requests - baseline.Control.Requests, now.Control.Failures - baseline.Control.Failures);
        var treatment = new ArmObservation(now.Treatment.Requests - baseline.Treatment.Requests, now.Treatment.Failures - baseline.Treatment.Failures);
        var verdict = GuardrailDecision.Evaluate(control, treatment, _criteria);
        var reason = $"variant '{variant}' on this instance since the stage was first watched: {verdict.Reason}";
        return ValueTask.FromResult(verdict.Tripped ? RolloutGuardResult.Trip(reason) : RolloutGuardResult.Pass(reason));
    }

    private sealed record Baseline(DateTimeOffset StageWrittenAt, ArmObservation Control, ArmObservation Treatment);
}
