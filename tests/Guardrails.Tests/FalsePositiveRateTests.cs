using System.Globalization;

namespace OpenFeatureAppConfig.Guardrails.Tests;

/// <summary>
/// The false-positive rate of the decision rule, by simulation on a pinned seed (a statistical property, not timing).
/// <c>SIM_ROLLOUTS</c> and <c>SIM_SEED</c> run more rollouts or another seed; the figures are printed for docs/guardrails.md.
/// </summary>
[TestFixture]
public sealed class FalsePositiveRateTests
{
    private const int PinnedSeed = 20261203;

    private static int Rollouts => int.TryParse(Environment.GetEnvironmentVariable("SIM_ROLLOUTS"), out var n) && n > 0 ? n : 1000;

    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("SIM_SEED"), out var seed) ? seed : PinnedSeed;

    [TestCase(0.01)]
    [TestCase(0.05)]
    public void One_look_trips_equal_arms_at_about_alpha(double alpha)
    {
        var simulation = new FalsePositiveSimulation(Rollouts, Looks: 1, RequestsPerArmPerWindow: 2000, FailureRate: 0.02, new GuardrailCriteria { Alpha = alpha });

        var (firstLook, _) = simulation.Run(Seed);

        Report(simulation, firstLook, firstLook);
        // Three standard errors of a binomial share around alpha over the simulated rollouts.
        var margin = 3 * Math.Sqrt(alpha * (1 - alpha) / simulation.Rollouts);
        Assert.That(firstLook, Is.LessThanOrEqualTo(alpha + margin));
    }

    [Test]
    public void Ten_looks_per_stage_at_the_default_alpha_stay_under_five_percent_of_rollouts()
    {
        // A stage watched every window: 10 looks at the cumulative counts, 200 more requests per arm each time.
        var criteria = new GuardrailCriteria();
        var simulation = new FalsePositiveSimulation(Rollouts, Looks: 10, RequestsPerArmPerWindow: 200, FailureRate: 0.02, criteria);

        var (firstLook, anyLook) = simulation.Run(Seed);

        Report(simulation, firstLook, anyLook);
        var margin = 3 * Math.Sqrt(0.05 * 0.95 / simulation.Rollouts);
        Assert.That(anyLook, Is.LessThanOrEqualTo(0.05 + margin), "repeated looks add up, but stay within 5 % at α = 0.01 per look");
    }

    private static void Report(FalsePositiveSimulation simulation, double firstLook, double anyLook) =>
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"rollouts {simulation.Rollouts}, seed {Seed}, looks {simulation.Looks}, {simulation.RequestsPerArmPerWindow} requests/arm/window, failure rate {simulation.FailureRate:P0} both arms, " +
            $"alpha {simulation.Criteria.Alpha}, minimum {simulation.Criteria.MinimumSamplePerArm}/arm: first-look trips {firstLook:P1}, any-look trips {anyLook:P1}"));
}
