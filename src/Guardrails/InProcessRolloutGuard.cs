using OpenFeatureAppConfig.Guardrails.Internal;
using OpenFeatureAppConfig.Rollouts;

namespace OpenFeatureAppConfig.Guardrails;

/// <summary>
/// A guard on the flag-aware request counts (<c>AddFlagAwareMetrics</c> and <c>UseFlagAwareMetrics</c>): the
/// requests since the current stage was written (by one-minute window, at most the last two hours), treatment
/// against control, through <see cref="GuardrailDecision"/>. In fleet mode it judges the sums of every instance
/// of the fleet, shared through Redis; otherwise, and while the fleet's counts cannot be read, this instance's.
/// </summary>
public sealed class InProcessRolloutGuard : IRolloutGuard
{
    private readonly GuardrailCriteria _criteria;
    private readonly string? _treatmentVariant;
    private readonly FlagAwareAggregates _aggregates;
    private readonly FleetRequestCounts _fleet;

    internal InProcessRolloutGuard(GuardrailCriteria criteria, string? treatmentVariant, FlagAwareAggregates aggregates, FleetRequestCounts fleet)
    {
        criteria.Validate();
        _criteria = criteria;
        _treatmentVariant = treatmentVariant;
        _aggregates = aggregates;
        _fleet = fleet;
    }

    /// <inheritdoc />
    public string Name => "in-process";

    /// <inheritdoc />
    public async ValueTask<RolloutGuardResult> CheckAsync(RolloutGuardContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var plan = context.Plan;
        var variant = GuardedArms.TreatmentVariant(plan, _treatmentVariant);
        var first = FlagAwareAggregates.FirstWindow(context.StageWrittenAt, context.Now);
        var last = FlagAwareAggregates.WindowOf(context.Now);

        IReadOnlyDictionary<string, long> counts;
        string scope;
        if (_fleet.IsFleet)
        {
            try
            {
                // This instance's latest requests first, so the sums are as fresh as the local counts would be.
                await _fleet.FlushAsync(cancellationToken).ConfigureAwait(false);
                var sums = await _fleet.SumAsync(plan.FlagName, first, last, cancellationToken).ConfigureAwait(false);
                counts = sums.Totals;
                scope = sums.Instances == 1 ? "across the fleet (1 instance)" : $"across the fleet ({sums.Instances} instances)";
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Redis unreachable: this instance's requests are a smaller but fair sample of the same rollout.
                counts = _aggregates.Sum(plan.FlagName, first, last);
                scope = $"on this instance only (the fleet's counts could not be read: {e.GetType().Name})";
            }
        }
        else
        {
            counts = _aggregates.Sum(plan.FlagName, first, last);
            scope = "on this instance";
        }

        var (control, treatment) = ArmCounters.Arms(counts, variant);
        var verdict = GuardrailDecision.Evaluate(control, treatment, _criteria);
        var reason = $"variant '{variant}' {scope} since the stage was written: {verdict.Reason}";
        return verdict.Tripped ? RolloutGuardResult.Trip(reason) : RolloutGuardResult.Pass(reason);
    }
}
