namespace OpenFeatureAppConfig.Guardrails;

/// <summary>
/// The thresholds of the decision rule (<see cref="GuardrailDecision"/>). The defaults suit a guard that looks
/// every evaluation window at the counts since the stage was written: see docs/guardrails.md for the false-positive
/// rate they give, measured by simulation.
/// </summary>
public sealed class GuardrailCriteria
{
    /// <summary>
    /// The one-sided significance level of each look (0.01 by default): the chance that one look trips a treatment
    /// exactly as good as the control. Repeated looks at a stage add up (docs/guardrails.md has the figures).
    /// </summary>
    public double Alpha { get; set; } = 0.01;

    /// <summary>The fewest requests each arm needs before the rule concludes anything (200 by default).</summary>
    public long MinimumSamplePerArm { get; set; } = 200;

    /// <summary>
    /// How much worse the treatment's failure rate may be, as an absolute difference (0.0 by default; 0.01 means
    /// one percentage point is tolerated). Only a difference above it that is also significant trips.
    /// </summary>
    public double FailureRateTolerance { get; set; }

    /// <summary>
    /// Trips when the treatment's p95 latency exceeds the control's by more than this ratio (1.5: 50 % slower);
    /// null (the default) leaves latency out. Needs both arms' p95 and the minimum sample.
    /// </summary>
    public double? MaxLatencyP95Ratio { get; set; }

    /// <summary>Throws when a threshold is out of range, naming it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A threshold is out of range.</exception>
    public void Validate()
    {
        if (!(Alpha > 0 && Alpha < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "Alpha must be between 0 and 1 (exclusive).");
        }

        if (MinimumSamplePerArm < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinimumSamplePerArm), MinimumSamplePerArm, "MinimumSamplePerArm must be at least 1.");
        }

        if (!(FailureRateTolerance >= 0 && FailureRateTolerance < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(FailureRateTolerance), FailureRateTolerance, "FailureRateTolerance must be from 0 to 1 (exclusive).");
        }

        if (MaxLatencyP95Ratio is { } ratio && !(ratio >= 1 && double.IsFinite(ratio)))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxLatencyP95Ratio), ratio, "MaxLatencyP95Ratio must be a finite ratio of at least 1.");
        }
    }
}
