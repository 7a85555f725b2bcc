using OpenFeatureAppConfig.Guardrails.Tests.Support;
using OpenFeatureAppConfig.Rollouts;

namespace OpenFeatureAppConfig.WebApp.Tests;

/// <summary>
/// The sample's guarded rollout (<c>--buggy-treatment</c>) watched by the PromQL guard against a real Prometheus
/// (Debian's <c>prometheus</c>, started by the test on a free loopback port, scraping the sample's <c>/metrics</c>
/// every second). The sample's simulated shoppers make the traffic; the window and the minimum sample are short.
/// </summary>
/// <remarks>
/// The clock is the real one: Prometheus stamps its samples with it and the guard queries at the executor's time, so
/// an accelerated clock would ask Prometheus about moments it has no data for. What the tests assert is logical, not
/// timed: which answers the guard gave, in order.
/// </remarks>
[TestFixture]
[NonParallelizable]
public sealed class GuardedRolloutPrometheusTests
{
    private const int MinimumSample = 40;

    [Test]
    public async Task Failures_in_the_treatment_only_are_rolled_back_at_the_first_look_with_the_minimum_sample()
    {
        await using var run = await StartAsync(newCheckoutFailureShare: "1", classicCheckoutFailureShare: "0");

        await GuardedSample.WaitForAsync(async () => (await run.Sample.ReadPlanAsync()).Status.State != RolloutState.Running,
            "rollback by the PromQL guard", run.Describe);

        var plan = await run.Sample.ReadPlanAsync();
        var checks = run.Sample.Checks.ToArray();
        Assert.Multiple(async () =>
        {
            Assert.That(plan.Status, Is.EqualTo(new RolloutStatus(RolloutState.Paused, null)), run.Describe());
            Assert.That(plan.PauseReason, Does.Match(
                @"^guard 'promql' tripped: variant 'true' over the last \d+s: treatment failure rate 100\.00 % \(\d+/\d+\) vs control 0\.00 % \(0/\d+\): .* ≤ α 0\.01, at least 40 requests per arm; rolled back to 0 % and paused$"));
            Assert.That(await run.Sample.ReadFlagPercentageAsync(), Is.EqualTo(0), "the flag is back at 0 %");
            // Within one evaluation window of the minimum sample: the first look that had it tripped. Every look
            // before it passed only for want of data, never on the numbers.
            Assert.That(checks[^1].Tripped, Is.True, run.Describe());
            Assert.That(checks[..^1].Where(check => check.Tripped || !check.Reason.Contains("not enough data yet", StringComparison.Ordinal)),
                Is.Empty, run.Describe());
        });
    }

    [Test]
    public async Task Equal_failure_rates_in_treatment_and_control_do_not_trip()
    {
        await using var run = await StartAsync(newCheckoutFailureShare: "0.1", classicCheckoutFailureShare: "0.1");

        // Three looks with the minimum sample in both arms, each judged on the numbers (or a trip, which fails below).
        await GuardedSample.WaitForAsync(() => Task.FromResult(run.Sample.Checks.Any(check => check.Tripped)
                || run.Sample.Checks.Count(check => !check.Reason.Contains("not enough data yet", StringComparison.Ordinal)) >= 3),
            "three looks with the minimum sample", run.Describe);

        var plan = await run.Sample.ReadPlanAsync();
        Assert.Multiple(() =>
        {
            Assert.That(run.Sample.Checks.Where(check => check.Tripped), Is.Empty, run.Describe());
            Assert.That(plan.Status.State, Is.AnyOf(RolloutState.Running, RolloutState.Completed), run.Describe());
            Assert.That(run.Sample.Checks.Last(check => !check.Reason.Contains("not enough data yet", StringComparison.Ordinal)).Reason,
                Does.Match(@"treatment failure rate \d+\.\d\d % \(\d+/\d+\) vs control \d+\.\d\d % \(\d+/\d+\).*> α 0\.01"), "a look on the numbers");
        });
    }

    private static async Task<Run> StartAsync(string newCheckoutFailureShare, string classicCheckoutFailureShare)
    {
        // Prometheus must know the sample's address and the sample Prometheus's: the sample's port is chosen first.
        var port = GuardedSample.FreeLoopbackPort();
        var prometheus = await PrometheusServer.StartAsync(new Uri($"http://127.0.0.1:{port}"));
        try
        {
            var sample = await GuardedSample.StartAsync($"http://127.0.0.1:{port}",
                $"--Guardrails:Prometheus={prometheus.Endpoint}",
                "--Guardrails:MinimumWindow=00:00:05",
                $"--Guardrails:Criteria:MinimumSamplePerArm={MinimumSample}",
                $"--BuggyTreatment:NewCheckoutFailureShare={newCheckoutFailureShare}",
                $"--BuggyTreatment:ClassicCheckoutFailureShare={classicCheckoutFailureShare}");
            return new Run(sample, prometheus);
        }
        catch
        {
            await prometheus.DisposeAsync();
            throw;
        }
    }

    private sealed record Run(GuardedSample Sample, PrometheusServer Prometheus) : IAsyncDisposable
    {
        public string Describe() => $"{Sample.DescribeChecks()} Prometheus said: {Prometheus.Output}";

        public async ValueTask DisposeAsync()
        {
            try
            {
                await Sample.DisposeAsync();
            }
            finally
            {
                await Prometheus.DisposeAsync();
            }
        }
    }
}
