using System.Globalization;
using OpenFeatureAppConfig.Guardrails.Internal;

namespace OpenFeatureAppConfig.Guardrails;

/// <summary>
/// The decision rule every guard applies: is the treatment worse than the control? A pure function of the two
/// arms' counts and the <see cref="GuardrailCriteria"/>:
/// <list type="number">
/// <item>each arm needs <see cref="GuardrailCriteria.MinimumSamplePerArm"/> requests, or there is no conclusion;</item>
/// <item>failure rates: a one-sided two-proportion z-test of "treatment − control &gt; tolerance" (pooled standard
/// error when the tolerance is 0, unpooled otherwise); it trips when the p-value is at most
/// <see cref="GuardrailCriteria.Alpha"/>;</item>
/// <item>latency, when <see cref="GuardrailCriteria.MaxLatencyP95Ratio"/> is set: it trips when the treatment's p95
/// is more than that ratio of the control's.</item>
/// </list>
/// </summary>
public static class GuardrailDecision
{
    /// <summary>Compares <paramref name="treatment"/> with <paramref name="control"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative counts, more failures than requests, or a criterion out of range.</exception>
    public static GuardrailVerdict Evaluate(ArmObservation control, ArmObservation treatment, GuardrailCriteria criteria)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        criteria.Validate();
        CheckArm(control, nameof(control));
        CheckArm(treatment, nameof(treatment));

        var difference = treatment.FailureRate - control.FailureRate;
        var sample = string.Create(CultureInfo.InvariantCulture,
            $"treatment failure rate {Percent(treatment.FailureRate)} ({treatment.Failures}/{treatment.Requests}) vs control {Percent(control.FailureRate)} ({control.Failures}/{control.Requests})");
        if (control.Requests < criteria.MinimumSamplePerArm || treatment.Requests < criteria.MinimumSamplePerArm)
        {
            return new GuardrailVerdict(GuardrailOutcome.InsufficientData, control, treatment, difference, 0, 0.5, criteria, null,
                string.Create(CultureInfo.InvariantCulture, $"{sample}: not enough data yet (at least {criteria.MinimumSamplePerArm} requests per arm)"));
        }

        var z = ZScore(control, treatment, criteria.FailureRateTolerance);
        var p = NormalDistribution.UpperTail(z);
        var tolerance = criteria.FailureRateTolerance > 0 ? $" (tolerance {Percent(criteria.FailureRateTolerance)})" : string.Empty;
        var test = string.Create(CultureInfo.InvariantCulture,
            $"{sample}: z = {z:0.00}, one-sided p = {p:0.0000} {(p <= criteria.Alpha ? "≤" : ">")} α {criteria.Alpha}{tolerance}, at least {criteria.MinimumSamplePerArm} requests per arm");

        double? latencyRatio = control.LatencyP95 is { } c && treatment.LatencyP95 is { } t && c > TimeSpan.Zero ? t / c : null;
        var limitText = criteria.MaxLatencyP95Ratio is { } max ? string.Create(CultureInfo.InvariantCulture, $", limit ×{max:0.00}") : string.Empty;
        var latency = latencyRatio is { } ratio
            ? string.Create(CultureInfo.InvariantCulture,
                $"; p95 latency {treatment.LatencyP95!.Value.TotalMilliseconds:0.#} ms vs {control.LatencyP95!.Value.TotalMilliseconds:0.#} ms (×{ratio:0.00}{limitText})")
            : string.Empty;

        var tripped = p <= criteria.Alpha || (latencyRatio is { } r && criteria.MaxLatencyP95Ratio is { } limit && r > limit);
        return new GuardrailVerdict(tripped ? GuardrailOutcome.Trip : GuardrailOutcome.Pass, control, treatment, difference, z, p, criteria, latencyRatio, test + latency);
    }

    /// <summary>The z statistic of (treatment − control − tolerance); ±∞ when the arms have no variance but differ.</summary>
    private static double ZScore(ArmObservation control, ArmObservation treatment, double tolerance)
    {
        var excess = treatment.FailureRate - control.FailureRate - tolerance;
        double variance;
        if (tolerance == 0)
        {
            // Under "no difference" both arms share one rate: the pooled estimate is the textbook test.
            var pooled = (double)(control.Failures + treatment.Failures) / (control.Requests + treatment.Requests);
            variance = pooled * (1 - pooled) * (1.0 / control.Requests + 1.0 / treatment.Requests);
        }
        else
        {
            // Under "difference = tolerance" the rates differ, so each arm keeps its own.
            variance = (control.FailureRate * (1 - control.FailureRate) / control.Requests) + (treatment.FailureRate * (1 - treatment.FailureRate) / treatment.Requests);
        }

        if (variance <= 0)
        {
            return excess > 0 ? double.PositiveInfinity : excess < 0 ? double.NegativeInfinity : 0;
        }

        return excess / Math.Sqrt(variance);
    }

    private static void CheckArm(ArmObservation arm, string name)
    {
        if (arm.Requests < 0 || arm.Failures < 0 || arm.Failures > arm.Requests)
        {
            throw new ArgumentOutOfRangeException(name, $"{name} must have 0 ≤ failures ≤ requests, not {arm.Failures} failures of {arm.Requests} requests.");
        }

        if (arm.LatencyP95 is { } latency && latency < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, $"{name}'s p95 latency must not be negative.");
        }
    }

    private static string Percent(double rate) => (rate * 100).ToString("0.00", CultureInfo.InvariantCulture) + " %";
}
