using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OpenFeatureAppConfig.AppConfiguration;
using OpenFeatureAppConfig.Emulator;
using OpenFeatureAppConfig.Guardrails.Tests.Support;
using OpenFeatureAppConfig.Rollouts;

namespace OpenFeatureAppConfig.Guardrails.Tests;

/// <summary>The rollout executor's guard hook, in a host on a fake clock, against the in-process emulator over loopback HTTP.</summary>
[TestFixture]
public sealed class RolloutGuardExecutorTests
{
    private const string Flag = "new_checkout";
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    private AppConfigurationEmulator _emulator = null!;
    private AppConfigurationClient _client = null!;
    private FakeTimeProvider _time = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _emulator = await AppConfigurationEmulator.StartAsync();
        _client = new AppConfigurationClient(_emulator.ConnectionString);
        _time = new FakeTimeProvider(Start);
        await _emulator.SetFeatureFlagAsync("""{"id":"new_checkout","enabled":false}""");
        var plan = new RolloutPlan(Flag, null, RolloutTarget.Enabled, Start,
            [new(1, TimeSpan.FromHours(1)), new(5, TimeSpan.FromHours(1)), new(100, TimeSpan.FromHours(1))]);
        await _emulator.SetKeyValueAsync(RolloutKeys.KeyFor(Flag), plan.ToJson(), null, RolloutKeys.ContentType);
    }

    [TearDown]
    public async Task StopAsync() => await _emulator.DisposeAsync();

    [Test]
    public async Task A_tripped_guard_takes_the_flag_back_to_0_percent_and_pauses_with_its_reason_in_history_and_logs()
    {
        var guard = new SwitchGuard();
        var logs = new LogCollector();
        using var host = BuildHost(guard, logs);
        await host.StartAsync();
        try
        {
            await Eventually.WaitForAsync(async () => await PercentageAsync() == 1, "1 % written");
            Assert.That(guard.Contexts, Is.Empty, "nothing to guard at 0 %");
            _time.Advance(TimeSpan.FromSeconds(30));
            await Eventually.WaitForAsync(() => Task.FromResult(!guard.Contexts.IsEmpty), "a guard check");
            Assert.That(guard.Contexts.Last().StageWrittenAt, Is.EqualTo(Start), "the guard is told when the stage was written");

            guard.Reason = "treatment failure rate 6.20 % (31/500) vs control 2.00 % (10/500)";
            _time.Advance(TimeSpan.FromSeconds(30));
            await Eventually.WaitForAsync(async () => (await ReadPlanAsync()).Status.State == RolloutState.Paused, "pause");

            var plan = await ReadPlanAsync();
            Assert.Multiple(() =>
            {
                Assert.That(plan.Status, Is.EqualTo(new RolloutStatus(RolloutState.Paused, null)), "paused at no stage: 0 %");
                Assert.That(plan.PauseReason, Is.EqualTo(
                    "guard 'switch' tripped: treatment failure rate 6.20 % (31/500) vs control 2.00 % (10/500); rolled back to 0 % and paused"));
                Assert.That(plan.History[^1].At, Is.EqualTo(Start.AddSeconds(60)));
                Assert.That(logs.Messages, Has.Some.Contains("guard 'switch' tripped: treatment failure rate 6.20 %"));
            });
            Assert.That(await PercentageAsync(), Is.EqualTo(0));

            // Paused: nothing more is written, however late it gets.
            _time.Advance(TimeSpan.FromHours(3));
            await Task.Delay(200);
            Assert.That(await PercentageAsync(), Is.EqualTo(0));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Test]
    public async Task A_tripped_guard_stops_the_next_stage_from_being_written()
    {
        var guard = new SwitchGuard();
        using var host = BuildHost(guard, new LogCollector());
        await host.StartAsync();
        try
        {
            await Eventually.WaitForAsync(async () => await PercentageAsync() == 1, "1 % written");
            guard.Reason = "bad";
            _time.Advance(TimeSpan.FromHours(1)); // stage 2 is due now, but the guard looks first
            await Eventually.WaitForAsync(async () => (await ReadPlanAsync()).Status.State == RolloutState.Paused, "pause");

            Assert.That(await PercentageAsync(), Is.EqualTo(0));
            Assert.That((await ReadPlanAsync()).History.Select(entry => entry.To.Stage), Is.EqualTo(new int?[] { 0, null }), "5 % was never written");
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Test]
    public async Task A_guard_that_throws_is_logged_and_the_rollout_goes_on()
    {
        var guard = new SwitchGuard { Throws = true };
        var logs = new LogCollector();
        using var host = BuildHost(guard, logs);
        await host.StartAsync();
        try
        {
            await Eventually.WaitForAsync(async () => await PercentageAsync() == 1, "1 % written");
            _time.Advance(TimeSpan.FromHours(1));
            await Eventually.WaitForAsync(async () => await PercentageAsync() == 5, "5 % written");

            Assert.That((await ReadPlanAsync()).Status.State, Is.EqualTo(RolloutState.Running));
            Assert.That(logs.Messages, Has.Some.Contains("Rollout guard 'switch' failed"));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private IHost BuildHost(IRolloutGuard guard, LogCollector logs)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.Services.AddSingleton(guard);
        builder.Services.AddProgressiveRollouts(options => options.ConnectionString = _emulator.ConnectionString);
        return builder.Build();
    }

    private async Task<RolloutPlan> ReadPlanAsync() =>
        RolloutPlan.Parse(Flag, null, (await _client.GetConfigurationSettingAsync(RolloutKeys.KeyFor(Flag))).Value.Value!);

    private async Task<double?> PercentageAsync()
    {
        var flag = JsonNode.Parse((await _client.GetConfigurationSettingAsync(".appconfig.featureflag/" + Flag)).Value.Value!)!;
        return flag["conditions"]?["client_filters"]?[0]?["parameters"]?["Audience"]?["DefaultRolloutPercentage"]?.GetValue<double>();
    }

    /// <summary>A guard a test trips by setting a reason.</summary>
    private sealed class SwitchGuard : IRolloutGuard
    {
        public volatile string? Reason;
        public bool Throws;
        public readonly ConcurrentQueue<RolloutGuardContext> Contexts = new();

        public string Name => "switch";

        public ValueTask<RolloutGuardResult> CheckAsync(RolloutGuardContext context, CancellationToken cancellationToken)
        {
            Contexts.Enqueue(context);
            if (Throws)
            {
                throw new HttpRequestException("metrics backend down");
            }

            return ValueTask.FromResult(Reason is { } reason ? RolloutGuardResult.Trip(reason) : RolloutGuardResult.Pass("fine"));
        }
    }
}
