using Microsoft.Extensions.DependencyInjection;
using OpenFeatureAppConfig.Guardrails.Tests.Support;
using OpenFeatureAppConfig.Rollouts;

namespace OpenFeatureAppConfig.Guardrails.Tests;

/// <summary>The in-process guard on a real app's own flag-aware totals (requests over loopback HTTP).</summary>
[TestFixture]
public sealed class InProcessRolloutGuardTests
{
    private static readonly DateTimeOffset StageWritten = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    private GuardedTestApp _app = null!;
    private IRolloutGuard _guard = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _app = await GuardedTestApp.StartAsync(services => services.AddInProcessRolloutGuard(criteria => criteria.MinimumSamplePerArm = 100));
        _guard = _app.Services.GetServices<IRolloutGuard>().Single();
    }

    [TearDown]
    public async Task StopAsync() => await _app.DisposeAsync();

    [Test]
    public async Task Failures_in_the_treatment_only_trip_it_with_exact_counts()
    {
        _app.TreatmentFailureEvery = 4;
        await _app.SendCheckoutsAsync(firstUser: 0, count: 20); // before the stage was watched: not counted
        Assert.That((await CheckAsync()).Reason, Does.Contain("(0/0)"));

        await _app.SendCheckoutsAsync(firstUser: 100, count: 400);
        var result = await CheckAsync();

        Assert.That(result.Tripped, Is.True, result.Reason);
        Assert.That(result.Reason, Does.StartWith(
            "variant 'true' on this instance since the stage was first watched: treatment failure rate 25.00 % (50/200) vs control 0.00 % (0/200): z = "));
    }

    [Test]
    public async Task Equal_failure_rates_do_not_trip()
    {
        await CheckAsync();
        _app.TreatmentFailureEvery = _app.ControlFailureEvery = 10;
        await _app.SendCheckoutsAsync(firstUser: 0, count: 400);

        var result = await CheckAsync();

        Assert.That(result.Tripped, Is.False, result.Reason);
        Assert.That(result.Reason, Does.Contain("10.00 % (20/200) vs control 10.00 % (20/200)"));
    }

    [Test]
    public async Task A_new_stage_starts_from_zero()
    {
        await CheckAsync();
        _app.TreatmentFailureEvery = 1;
        await _app.SendCheckoutsAsync(firstUser: 0, count: 400);
        Assert.That((await CheckAsync()).Tripped, Is.True);

        var nextStage = await CheckAsync(StageWritten.AddHours(1));

        Assert.That(nextStage.Tripped, Is.False);
        Assert.That(nextStage.Reason, Does.Contain("not enough data yet"));
    }

    private async Task<RolloutGuardResult> CheckAsync(DateTimeOffset? stageWrittenAt = null)
    {
        var written = stageWrittenAt ?? StageWritten;
        return await _guard.CheckAsync(GuardContexts.FirstStage(written, written.AddMinutes(1)), CancellationToken.None);
    }
}
