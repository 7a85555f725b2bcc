using CsCheck;
using OpenFeatureAppConfig.TestSupport;

namespace OpenFeatureAppConfig.Guardrails.Tests.Fuzz;

/// <summary>Random arms: the rule always answers within its bounds, and more treatment failures never make it milder.</summary>
[TestFixture]
public sealed class GuardrailDecisionFuzzTests
{
    private static readonly Gen<(long Requests, long Failures)> Arm =
        Gen.Long[0, 100_000].SelectMany(requests => Gen.Long[0, requests].Select(failures => (requests, failures)));

    [Test]
    public void Every_valid_pair_of_arms_gets_a_bounded_verdict_and_more_treatment_failures_never_lower_z()
    {
        // Sample runs on several threads: each sample gets its own criteria.
        Gen.Select(Arm, Arm, Gen.Double[0, 0.2]).Sample((control, treatment, tolerance) =>
        {
            var criteria = new GuardrailCriteria { MinimumSamplePerArm = 1, FailureRateTolerance = tolerance };
            var c = new ArmObservation(control.Requests, control.Failures);
            var t = new ArmObservation(treatment.Requests, treatment.Failures);
            var verdict = GuardrailDecision.Evaluate(c, t, criteria);
            if (verdict.Outcome == GuardrailOutcome.InsufficientData)
            {
                return control.Requests == 0 || treatment.Requests == 0;
            }

            var worse = treatment.Failures < treatment.Requests
                ? GuardrailDecision.Evaluate(c, t with { Failures = treatment.Failures + 1 }, criteria)
                : verdict;
            return !double.IsNaN(verdict.Z) && verdict.PValue is >= 0 and <= 1
                && verdict.Tripped == (verdict.PValue <= criteria.Alpha)
                && (tolerance > 0 || worse.Z >= verdict.Z - 1e-9);
        }, iter: FuzzSettings.Iterations(20_000), seed: FuzzSettings.Seed("1xn1HwIbwfUS"));
    }
}
