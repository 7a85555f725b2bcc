using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OpenFeatureAppConfig.AppConfiguration;
using OpenFeatureAppConfig.Emulator;
using OpenFeatureAppConfig.Rollouts.Internal;

namespace OpenFeatureAppConfig.Rollouts.Tests;

/// <summary>The executor on a fake clock against the in-process emulator, over loopback HTTP.</summary>
[TestFixture]
public sealed class RolloutExecutorTests : RolloutStoreTest
{
    protected override DateTimeOffset ClockAtSetUp => Start.AddMinutes(-5);

    private Task SavePlanAsync(RolloutPlan plan) =>
        Emulator.SetKeyValueAsync(RolloutKeys.KeyFor(plan.FlagName), plan.ToJson(), plan.Label, RolloutKeys.ContentType);

    private async Task<RolloutPlan> ReadPlanAsync(string flag = Flag)
    {
        var setting = (await Client.GetConfigurationSettingAsync(RolloutKeys.KeyFor(flag))).Value;
        return RolloutPlan.Parse(flag, null, setting.Value!);
    }

    private async Task<JsonNode> ReadFlagAsync(string key = FlagKey) => JsonNode.Parse((await Client.GetConfigurationSettingAsync(key)).Value.Value!)!;

    private async Task<double?> PercentageAsync()
    {
        var audience = (await ReadFlagAsync())["conditions"]?["client_filters"]?[0]?["parameters"]?["Audience"];
        return audience?["DefaultRolloutPercentage"]?.GetValue<double>();
    }

    private int FlagWrites(string key = FlagKey) => Emulator.Requests.Snapshot().Count(request =>
        request.Method == "PUT" && request.StatusCode == 200 && Uri.UnescapeDataString(request.PathAndQuery).Contains("/kv/" + key, StringComparison.Ordinal));

    private RolloutExecutor Executor(string id) =>
        new(Client, new ProgressiveRolloutOptions { InstanceId = id, PollInterval = TimeSpan.FromSeconds(30), LeaseDuration = TimeSpan.FromMinutes(2) }, Time, NullLogger.Instance);

    private async Task RunAtAsync(RolloutExecutor executor, DateTimeOffset at)
    {
        Time.AdjustTime(at);
        await executor.RunOnceAsync(CancellationToken.None);
    }

    [Test]
    public async Task Each_stage_is_written_once_at_its_boundary_and_the_rollout_completes()
    {
        await SavePlanAsync(NewPlan());
        var executor = Executor("a");

        await RunAtAsync(executor, Start.AddMinutes(-1));
        Assert.That(FlagWrites(), Is.Zero, "nothing before the start");

        await RunAtAsync(executor, Start);
        Assert.That(await PercentageAsync(), Is.EqualTo(1));
        Assert.That((await ReadFlagAsync())["enabled"]!.GetValue<bool>(), Is.True);
        await RunAtAsync(executor, Start.AddMinutes(59));
        Assert.That(await PercentageAsync(), Is.EqualTo(1));

        await RunAtAsync(executor, Start.AddHours(1));
        Assert.That(await PercentageAsync(), Is.EqualTo(5));
        await RunAtAsync(executor, Start.AddHours(2));
        Assert.That(await PercentageAsync(), Is.EqualTo(25));
        await RunAtAsync(executor, Start.AddHours(3));
        Assert.That(await PercentageAsync(), Is.EqualTo(100));
        await RunAtAsync(executor, Start.AddHours(4));
        await RunAtAsync(executor, Start.AddHours(9));

        var plan = await ReadPlanAsync();
        Assert.Multiple(() =>
        {
            Assert.That(FlagWrites(), Is.EqualTo(4), "one write per stage");
            Assert.That(plan.Status, Is.EqualTo(new RolloutStatus(RolloutState.Completed, 3)));
            Assert.That(plan.History.Select(entry => entry.At), Is.EqualTo(new[] { Start, Start.AddHours(1), Start.AddHours(2), Start.AddHours(3), Start.AddHours(4) }));
            Assert.That(plan.History.Select(entry => entry.Actor).Distinct(), Is.EqualTo(new[] { "executor:a" }));
        });
        Assert.That((await ReadFlagAsync())["description"]!.GetValue<string>(), Is.EqualTo("the new checkout"), "the rest of the flag is kept");
    }

    [Test]
    public async Task A_pause_holds_the_flag_and_the_resume_shifts_the_schedule()
    {
        await SavePlanAsync(NewPlan());
        var executor = Executor("a");
        await RunAtAsync(executor, Start);

        var paused = (await ReadPlanAsync()).WithTransition(Start.AddMinutes(30), new RolloutStatus(RolloutState.Paused, 0), "error rate up", "alice");
        await SavePlanAsync(paused);
        await RunAtAsync(executor, Start.AddHours(2));
        Assert.That(await PercentageAsync(), Is.EqualTo(1), "paused: still 1 % long after the boundary");

        await SavePlanAsync(paused.WithTransition(Start.AddHours(2), new RolloutStatus(RolloutState.Running, 0), "fixed", "alice"));
        await RunAtAsync(executor, Start.AddHours(2.5).AddTicks(-1));
        Assert.That(await PercentageAsync(), Is.EqualTo(1), "1.5 h paused: 5 % is due at +2.5 h");
        await RunAtAsync(executor, Start.AddHours(2.5));
        Assert.That(await PercentageAsync(), Is.EqualTo(5));
        Assert.That(FlagWrites(), Is.EqualTo(2));
    }

    [Test]
    public async Task An_executor_restarted_mid_rollout_jumps_to_the_due_stage_without_replaying_and_holds_it()
    {
        await SavePlanAsync(NewPlan());
        await RunAtAsync(Executor("a"), Start);

        // "a" is gone; "b" starts 2.5 h later, when 5 % (due +1 h) and 25 % (due +2 h) were both missed.
        var restarted = Executor("b");
        await RunAtAsync(restarted, Start.AddHours(2.5));
        Assert.That(await PercentageAsync(), Is.EqualTo(25));
        Assert.That(FlagWrites(), Is.EqualTo(2), "5 % was never written");

        await RunAtAsync(restarted, Start.AddHours(3.5).AddTicks(-1));
        Assert.That(await PercentageAsync(), Is.EqualTo(25), "25 % is held a full hour from when it was written");
        await RunAtAsync(restarted, Start.AddHours(3.5));
        Assert.That(await PercentageAsync(), Is.EqualTo(100));

        var stages = (await ReadPlanAsync()).History.Select(entry => entry.To.Stage);
        Assert.That(stages, Is.EqualTo(new int?[] { 0, 2, 3 }));
    }

    [Test]
    public async Task Two_executors_running_at_once_write_each_stage_once()
    {
        await SavePlanAsync(NewPlan());
        var a = Executor("a");
        var b = Executor("b");

        // Every 10 minutes both passes run concurrently; the 2-minute lease has expired in between, so they race for it each time.
        var heldBoth = 0;
        for (var at = Start; at <= Start.AddHours(4.5); at = at.AddMinutes(10))
        {
            Time.AdjustTime(at);
            var passes = await Task.WhenAll(a.RunOnceAsync(CancellationToken.None), b.RunOnceAsync(CancellationToken.None));
            heldBoth += passes.All(pass => pass.HeldLease) ? 1 : 0;
        }

        var plan = await ReadPlanAsync();
        Assert.Multiple(() =>
        {
            Assert.That(heldBoth, Is.Zero, "the lease is never held by both");
            Assert.That(FlagWrites(), Is.EqualTo(4), "one flag write per stage");
            Assert.That(plan.Status, Is.EqualTo(new RolloutStatus(RolloutState.Completed, 3)));
            Assert.That(plan.History.Select(entry => entry.To.State), Has.None.EqualTo(RolloutState.Paused));
        });
    }

    [Test]
    public async Task A_second_executor_takes_over_only_after_the_lease_expires()
    {
        await SavePlanAsync(NewPlan());
        var a = Executor("a");
        var b = Executor("b");
        Time.AdjustTime(Start);
        Assert.That((await a.RunOnceAsync(CancellationToken.None)).HeldLease, Is.True);

        Time.Advance(TimeSpan.FromMinutes(1));
        Assert.That((await b.RunOnceAsync(CancellationToken.None)).HeldLease, Is.False);
        Time.Advance(TimeSpan.FromMinutes(1));
        Assert.That((await b.RunOnceAsync(CancellationToken.None)).HeldLease, Is.True, "a's lease ran out at +2 min");
        Assert.That((await a.RunOnceAsync(CancellationToken.None)).HeldLease, Is.False);
    }

    [Test]
    public async Task A_human_edit_pauses_the_rollout_and_is_never_overwritten()
    {
        await SavePlanAsync(NewPlan());
        var executor = Executor("a");
        await RunAtAsync(executor, Start);

        var human = """{"id":"new_checkout","description":"edited in the Azure portal","enabled":false}""";
        await Emulator.SetFeatureFlagAsync(human);
        var writesBefore = FlagWrites();
        await RunAtAsync(executor, Start.AddHours(1));
        await RunAtAsync(executor, Start.AddHours(5));

        var plan = await ReadPlanAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(FlagWrites(), Is.EqualTo(writesBefore), "no write after the human's");
            Assert.That((await ReadFlagAsync()).ToJsonString(), Is.EqualTo(JsonNode.Parse(human)!.ToJsonString()));
            Assert.That(plan.Status, Is.EqualTo(new RolloutStatus(RolloutState.Paused, 0)));
            Assert.That(plan.PauseReason, Does.Contain("changed by someone else"));
            Assert.That(plan.History[^1].At, Is.EqualTo(Start.AddHours(1)));
        });
    }

    [Test]
    public async Task A_human_edit_between_the_executors_read_and_write_is_a_412_that_pauses_the_rollout()
    {
        await SavePlanAsync(NewPlan());
        var human = """{"id":"new_checkout","description":"edited while the executor wrote","enabled":true}""";
        var options = new AppConfigurationClientOptions();
        options.AddPolicy(new BeforeFlagWrite(() => Emulator.SetFeatureFlagAsync(human)), HttpPipelinePosition.PerCall);
        var executor = new RolloutExecutor(
            new AppConfigurationClient(Emulator.ConnectionString, options),
            new ProgressiveRolloutOptions { InstanceId = "a" },
            Time,
            NullLogger.Instance);

        await RunAtAsync(executor, Start);

        var plan = await ReadPlanAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(Emulator.Requests.Snapshot().Count(request => request.Method == "PUT" && request.StatusCode == 412), Is.EqualTo(1));
            Assert.That(FlagWrites(), Is.Zero);
            Assert.That((await ReadFlagAsync()).ToJsonString(), Is.EqualTo(JsonNode.Parse(human)!.ToJsonString()));
            Assert.That(plan.Status, Is.EqualTo(new RolloutStatus(RolloutState.Paused, null)));
            Assert.That(plan.PauseReason, Does.Contain("412"));
        });
    }

    [Test]
    public async Task An_executor_that_stopped_between_the_flag_write_and_the_plan_write_is_not_taken_for_a_human()
    {
        await SavePlanAsync(NewPlan());
        await RunAtAsync(Executor("a"), Start);

        // "a" wrote 5 % into the flag at +1 h and stopped before it recorded that in the plan.
        var flag = (await Client.GetConfigurationSettingAsync(FlagKey)).Value;
        flag.Value = FlagMaterializer.Apply(flag.Value!, RolloutTarget.Enabled, 5);
        await Client.SetConfigurationSettingAsync(flag, onlyIfUnchanged: true);
        var writes = FlagWrites();

        await RunAtAsync(Executor("b"), Start.AddHours(1).AddMinutes(3));

        var plan = await ReadPlanAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(plan.Status, Is.EqualTo(new RolloutStatus(RolloutState.Running, 1)), plan.PauseReason);
            Assert.That(FlagWrites(), Is.EqualTo(writes), "the flag already had the stage: nothing to write");
            Assert.That(plan.FlagETag, Is.EqualTo((await Client.GetConfigurationSettingAsync(FlagKey)).Value.ETag.ToString()));
        });
    }

    [Test]
    public async Task A_malformed_plan_is_an_error_naming_the_field_and_its_flag_is_untouched()
    {
        await Emulator.SetFeatureFlagAsync("""{"id":"broken","enabled":false}""");
        var bad = RolloutPlanJsonTests.Edit(NewPlan("broken").ToJson(), "stages[1].percentage", "0");
        await Emulator.SetKeyValueAsync(RolloutKeys.KeyFor("broken"), bad, null, RolloutKeys.ContentType);
        await SavePlanAsync(NewPlan());

        Time.AdjustTime(Start.AddHours(1));
        var pass = await Executor("a").RunOnceAsync(CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(pass.Errors, Has.Count.EqualTo(1));
            Assert.That(pass.Errors[0], Does.Contain("stages[1].percentage").And.Contain("broken"));
            Assert.That(FlagWrites(".appconfig.featureflag/broken"), Is.Zero);
            Assert.That((await ReadFlagAsync(".appconfig.featureflag/broken")).ToJsonString(), Is.EqualTo("""{"id":"broken","enabled":false}"""));
            Assert.That(await PercentageAsync(), Is.EqualTo(5), "the other rollout goes on");
        });
    }

    [Test]
    public async Task A_flag_that_cannot_take_the_rollout_pauses_it_with_the_reason()
    {
        var plan = new RolloutPlan(Flag, null, RolloutTarget.ForVariant("Warm"), Start, [new(10, TimeSpan.FromHours(1))]);
        await SavePlanAsync(plan);
        await RunAtAsync(Executor("a"), Start);

        var read = await ReadPlanAsync();
        Assert.That(read.Status.State, Is.EqualTo(RolloutState.Paused));
        Assert.That(read.PauseReason, Does.Contain("no variant 'Warm'"));
        Assert.That(FlagWrites(), Is.Zero);
    }

    [Test]
    public async Task AddProgressiveRollouts_runs_the_executor_in_the_host_on_its_TimeProvider()
    {
        await SavePlanAsync(NewPlan());
        Time.AdjustTime(Start);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(Time);
        builder.Services.AddProgressiveRollouts(options => options.ConnectionString = Emulator.ConnectionString);
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            await WaitForAsync(async () => await PercentageAsync() == 1);
            Time.Advance(TimeSpan.FromHours(1));
            await WaitForAsync(async () => await PercentageAsync() == 5);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>Plays a person editing the flag in the moment between the executor's read and its conditional write.</summary>
    private sealed class BeforeFlagWrite(Func<Task> edit) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message)
        {
            if (message.Request.Method == RequestMethod.Put && Uri.UnescapeDataString(message.Request.Uri.ToString()).Contains("/kv/" + FlagKey, StringComparison.Ordinal))
            {
                edit().GetAwaiter().GetResult();
            }
        }
    }
}
