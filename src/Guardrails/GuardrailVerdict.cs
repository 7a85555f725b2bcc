namespace OpenFeatureAppConfig.Guardrails;

/// <summary>The decision rule's answer with every number behind it, and the same in words (<see cref="Reason"/>).</summary>
/// <param name="Outcome">Trip, pass, or not enough data yet.</param>
/// <param name="Control">The control arm's counts.</param>
/// <param name="Treatment">The treatment arm's counts.</param>
/// <param name="Difference">Treatment failure rate minus control failure rate.</param>
/// <param name="Z">The two-proportion z statistic of (difference − tolerance); 0 when both arms are all successes or all failures.</param>
/// <param name="PValue">The one-sided p-value of <paramref name="Z"/> (treatment worse).</param>
/// <param name="Criteria">The thresholds applied.</param>
/// <param name="LatencyRatio">Treatment p95 / control p95, when both are known.</param>
/// <param name="Reason">The verdict in words, with the counts, rates, z, p-value and thresholds.</param>
public sealed record GuardrailVerdict(
    GuardrailOutcome Outcome,
    ArmObservation Control,
    ArmObservation Treatment,
    double Difference,
    double Z,
    double PValue,
    GuardrailCriteria Criteria,
    double? LatencyRatio,
    string Reason)
{
    /// <summary>True when the rollout must go back.</summary>
    public bool Tripped => Outcome == GuardrailOutcome.Trip;
}
