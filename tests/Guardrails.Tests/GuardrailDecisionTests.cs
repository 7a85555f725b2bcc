namespace OpenFeatureAppConfig.Guardrails.Tests;

/// <summary>The decision rule against figures computed by hand (pooled two-proportion z-test, normal upper tail).</summary>
[TestFixture]
public sealed class GuardrailDecisionTests
{
    private static GuardrailCriteria Criteria(double alpha = 0.01, long minimum = 200) => new() { Alpha = alpha, MinimumSamplePerArm = minimum };

    [Test]
    public void A_treatment_with_three_times_the_failures_trips_with_the_numbers_in_the_reason()
    {
        var verdict = GuardrailDecision.Evaluate(new ArmObservation(500, 10), new ArmObservation(500, 31), Criteria());

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Outcome, Is.EqualTo(GuardrailOutcome.Trip));
            Assert.That(verdict.Tripped, Is.True);
            Assert.That(verdict.Difference, Is.EqualTo(0.042).Within(1e-12));
            Assert.That(verdict.Z, Is.EqualTo(3.3490224806).Within(1e-8));
            Assert.That(verdict.PValue, Is.EqualTo(0.00040548608).Within(1e-7));
            Assert.That(verdict.Reason, Is.EqualTo(
                "treatment failure rate 6.20 % (31/500) vs control 2.00 % (10/500): z = 3.35, one-sided p = 0.0004 ≤ α 0.01, at least 200 requests per arm"));
        });
    }

    [Test]
    public void A_small_difference_passes()
    {
        var verdict = GuardrailDecision.Evaluate(new ArmObservation(500, 10), new ArmObservation(500, 16), Criteria());

        Assert.That(verdict.Outcome, Is.EqualTo(GuardrailOutcome.Pass));
        Assert.That(verdict.Z, Is.EqualTo(1.1922987756).Within(1e-8));
        Assert.That(verdict.PValue, Is.EqualTo(0.1165720572).Within(1e-7));
        Assert.That(verdict.Reason, Does.Contain("p = 0.1166 > α 0.01"));
    }

    [Test]
    public void A_treatment_better_than_control_never_trips_a_one_sided_test()
    {
        var verdict = GuardrailDecision.Evaluate(new ArmObservation(500, 40), new ArmObservation(500, 2), Criteria(alpha: 0.2));

        Assert.That(verdict.Outcome, Is.EqualTo(GuardrailOutcome.Pass));
        Assert.That(verdict.Z, Is.LessThan(0));
        Assert.That(verdict.PValue, Is.GreaterThan(0.99));
    }

    [TestCase(199, 500)]
    [TestCase(500, 199)]
    public void Below_the_minimum_sample_in_either_arm_there_is_no_conclusion_even_for_a_glaring_difference(long controlRequests, long treatmentRequests)
    {
        var verdict = GuardrailDecision.Evaluate(new ArmObservation(controlRequests, 0), new ArmObservation(treatmentRequests, treatmentRequests), Criteria());

        Assert.That(verdict.Outcome, Is.EqualTo(GuardrailOutcome.InsufficientData));
        Assert.That(verdict.Reason, Does.Contain("not enough data yet (at least 200 requests per arm)"));
    }

    [Test]
    public void At_the_minimum_sample_the_rule_concludes()
    {
        var verdict = GuardrailDecision.Evaluate(new ArmObservation(200, 0), new ArmObservation(200, 200), Criteria());

        Assert.That(verdict.Outcome, Is.EqualTo(GuardrailOutcome.Trip));
    }

    [Test]
    public void Arms_without_any_failure_pass_with_z_zero()
    {
        var verdict = GuardrailDecision.Evaluate(new ArmObservation(1000, 0), new ArmObservation(1000, 0), Criteria());

        Assert.That(verdict.Outcome, Is.EqualTo(GuardrailOutcome.Pass));
        Assert.That(verdict.Z, Is.Zero);
        Assert.That(verdict.PValue, Is.EqualTo(0.5).Within(1e-7));
    }

    [Test]
    public void A_tolerance_lets_a_small_significant_difference_through_but_not_a_large_one()
    {
        // 2 % vs 3 % on 20,000 requests each is significant without a tolerance ...
        var control = new ArmObservation(20_000, 400);
        var slightlyWorse = new ArmObservation(20_000, 600);
        Assert.That(GuardrailDecision.Evaluate(control, slightlyWorse, Criteria()).Outcome, Is.EqualTo(GuardrailOutcome.Trip));

        // ... and within a tolerance of two percentage points; 2 % vs 8 % is not.
        var tolerant = new GuardrailCriteria { FailureRateTolerance = 0.02 };
        var verdict = GuardrailDecision.Evaluate(control, slightlyWorse, tolerant);
        Assert.That(verdict.Outcome, Is.EqualTo(GuardrailOutcome.Pass));
        Assert.That(verdict.Reason, Does.Contain("(tolerance 2.00 %)"));
        Assert.That(GuardrailDecision.Evaluate(control, new ArmObservation(20_000, 1600), tolerant).Outcome, Is.EqualTo(GuardrailOutcome.Trip));
    }

    [Test]
    public void With_a_tolerance_an_all_failing_treatment_against_a_flawless_control_trips()
    {
        // Neither arm varies, so the unpooled standard error is 0: the difference alone decides.
        var verdict = GuardrailDecision.Evaluate(new ArmObservation(300, 0), new ArmObservation(300, 300), new GuardrailCriteria { FailureRateTolerance = 0.05 });

        Assert.That(verdict.Outcome, Is.EqualTo(GuardrailOutcome.Trip));
        Assert.That(verdict.Z, Is.EqualTo(double.PositiveInfinity));
        Assert.That(verdict.PValue, Is.Zero);
    }

    [Test]
    public void Latency_p95_above_the_ratio_trips_even_with_equal_failure_rates()
    {
        var criteria = new GuardrailCriteria { MaxLatencyP95Ratio = 1.5 };
        var control = new ArmObservation(1000, 10, TimeSpan.FromMilliseconds(200));

        var slow = GuardrailDecision.Evaluate(control, new ArmObservation(1000, 10, TimeSpan.FromMilliseconds(301)), criteria);
        var fine = GuardrailDecision.Evaluate(control, new ArmObservation(1000, 10, TimeSpan.FromMilliseconds(300)), criteria);

        Assert.Multiple(() =>
        {
            Assert.That(slow.Outcome, Is.EqualTo(GuardrailOutcome.Trip));
            Assert.That(slow.LatencyRatio, Is.EqualTo(1.505).Within(1e-9));
            Assert.That(slow.Reason, Does.EndWith("; p95 latency 301 ms vs 200 ms (×1.51, limit ×1.50)"));
            Assert.That(fine.Outcome, Is.EqualTo(GuardrailOutcome.Pass), "exactly at the ratio is not above it");
        });
    }

    [Test]
    public void Latency_is_ignored_without_a_ratio()
    {
        var verdict = GuardrailDecision.Evaluate(
            new ArmObservation(1000, 10, TimeSpan.FromMilliseconds(100)), new ArmObservation(1000, 10, TimeSpan.FromSeconds(10)), Criteria());

        Assert.That(verdict.Outcome, Is.EqualTo(GuardrailOutcome.Pass));
        Assert.That(verdict.LatencyRatio, Is.EqualTo(100));
    }

    [Test]
    public void Impossible_counts_and_criteria_are_refused_by_name()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => GuardrailDecision.Evaluate(new ArmObservation(10, 11), new ArmObservation(10, 0), Criteria()),
                Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("control"));
            Assert.That(() => GuardrailDecision.Evaluate(new ArmObservation(10, 0), new ArmObservation(-1, 0), Criteria()),
                Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("treatment"));
            Assert.That(() => GuardrailDecision.Evaluate(default, default, new GuardrailCriteria { Alpha = 0 }),
                Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("Alpha"));
            Assert.That(() => GuardrailDecision.Evaluate(default, default, new GuardrailCriteria { MaxLatencyP95Ratio = 0.5 }),
                Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("MaxLatencyP95Ratio"));
        });
    }
}
