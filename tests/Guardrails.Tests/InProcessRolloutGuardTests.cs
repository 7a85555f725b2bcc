using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpenFeatureAppConfig.Guardrails.Tests.Support;
using OpenFeatureAppConfig.Rollouts;

namespace OpenFeatureAppConfig.Guardrails.Tests;

/// <summary>The in-process guard on a real app's own flag-aware counts (requests over loopback HTTP), on a fake clock.</summary>
[TestFixture]
public sealed class InProcessRolloutGuardTests
{
    private static readonly DateTimeOffset StageWritten = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    private GuardedTestApp _app = null!;
    private IRolloutGuard _guard = null!;
    private FakeTimeProvider _clock = null!;

    [SetUp]
    public async Task StartAsync()
    {
        // Five minutes before the stage; each test moves on to it.
        _clock = new FakeTimeProvider(StageWritten.AddMinutes(-5));
        _app = await GuardedTestApp.StartAsync(services =>
        {
            services.AddInProcessRolloutGuard(criteria => criteria.MinimumSamplePerArm = 100);
            services.AddSingleton<TimeProvider>(_clock);
        });
        _guard = _app.Services.GetServices<IRolloutGuard>().Single();
    }

    [TearDown]
    public async Task StopAsync() => await _app.DisposeAsync();

    [Test]
    public async Task Failures_in_the_treatment_only_trip_it_with_exact_counts()
    {
        _app.TreatmentFailureEvery = 4;
        await _app.SendCheckoutsAsync(firstUser: 0, count: 20); // before the stage was written: not counted
        _clock.SetUtcNow(StageWritten.AddSeconds(30));
        Assert.That((await CheckAsync()).Reason, Does.Contain("(0/0)"));

        await _app.SendCheckoutsAsync(firstUser: 100, count: 400);
        _clock.Advance(TimeSpan.FromMinutes(3)); // later windows of the same stage still count
        var result = await CheckAsync();

        Assert.That(result.Tripped, Is.True, result.Reason);
        Assert.That(result.Reason, Does.StartWith(
            "variant 'true' on this instance since the stage was written: treatment failure rate 25.00 % (50/200) vs control 0.00 % (0/200): z = "));
    }

    [Test]
    public async Task Equal_failure_rates_do_not_trip()
    {
        _clock.SetUtcNow(StageWritten.AddSeconds(30));
        _app.TreatmentFailureEvery = _app.ControlFailureEvery = 10;
        await _app.SendCheckoutsAsync(firstUser: 0, count: 400);

        var result = await CheckAsync();

        Assert.That(result.Tripped, Is.False, result.Reason);
        Assert.That(result.Reason, Does.Contain("10.00 % (20/200) vs control 10.00 % (20/200)"));
    }

    [Test]
    public async Task A_new_stage_starts_from_zero()
    {
        _clock.SetUtcNow(StageWritten.AddSeconds(30));
        _app.TreatmentFailureEvery = 1;
        await _app.SendCheckoutsAsync(firstUser: 0, count: 400);
        Assert.That((await CheckAsync()).Tripped, Is.True);

        _clock.SetUtcNow(StageWritten.AddHours(1).AddSeconds(30));
        var nextStage = await CheckAsync(StageWritten.AddHours(1));

        Assert.That(nextStage.Tripped, Is.False);
        Assert.That(nextStage.Reason, Does.Contain("(0/0)").And.Contain("not enough data yet"));
    }

    [Test]
    public async Task Windows_older_than_the_retention_are_not_judged()
    {
        _clock.SetUtcNow(StageWritten.AddSeconds(30));
        _app.TreatmentFailureEvery = 1;
        await _app.SendCheckoutsAsync(firstUser: 0, count: 400);

        _clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));
        var result = await CheckAsync();

        Assert.That(result.Tripped, Is.False, result.Reason);
        Assert.That(result.Reason, Does.Contain("(0/0)"));
    }

    [Test]
    public async Task A_slower_treatment_trips_it_on_the_p95_latency_ratio()
    {
        var guard = await StartWithLatencyLimitAsync();
        _app.DuringCheckout = treated => _clock.Advance(TimeSpan.FromMilliseconds(treated ? 200 : 20));
        await _app.SendCheckoutsAsync(firstUser: 0, count: 400);

        var result = await guard.CheckAsync(GuardContexts.FirstStage(StageWritten, _clock.GetUtcNow()), CancellationToken.None);

        Assert.That(result.Tripped, Is.True, result.Reason);
        Assert.That(result.Reason, Does.Contain("0.00 % (0/200) vs control 0.00 % (0/200)").And.Contain("p95 latency 215.3 ms vs 22.6 ms (×9.51, limit ×1.50)"));
    }

    [Test]
    public async Task An_equally_fast_treatment_does_not_trip_it_on_latency()
    {
        var guard = await StartWithLatencyLimitAsync();
        _app.DuringCheckout = _ => _clock.Advance(TimeSpan.FromMilliseconds(50));
        await _app.SendCheckoutsAsync(firstUser: 0, count: 400);

        var result = await guard.CheckAsync(GuardContexts.FirstStage(StageWritten, _clock.GetUtcNow()), CancellationToken.None);

        Assert.That(result.Tripped, Is.False, result.Reason);
        Assert.That(result.Reason, Does.Contain("(×1.00, limit ×1.50)"));
    }

    /// <summary>Another app, whose guard also compares p95 latencies, at the stage on the same clock.</summary>
    private async Task<IRolloutGuard> StartWithLatencyLimitAsync()
    {
        await _app.DisposeAsync();
        _clock.SetUtcNow(StageWritten.AddSeconds(30));
        _app = await GuardedTestApp.StartAsync(services =>
        {
            services.AddInProcessRolloutGuard(criteria => (criteria.MinimumSamplePerArm, criteria.MaxLatencyP95Ratio) = (100, 1.5));
            services.AddSingleton<TimeProvider>(_clock);
        });
        return _app.Services.GetServices<IRolloutGuard>().Single();
    }

    private async Task<RolloutGuardResult> CheckAsync(DateTimeOffset? stageWrittenAt = null) =>
        await _guard.CheckAsync(GuardContexts.FirstStage(stageWrittenAt ?? StageWritten, _clock.GetUtcNow()), CancellationToken.None);
}
