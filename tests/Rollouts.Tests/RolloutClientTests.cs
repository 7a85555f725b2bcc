using System.Text.Json.Nodes;
using Azure;
using Microsoft.Extensions.Logging.Abstractions;
using OpenFeatureAppConfig.AppConfiguration;
using OpenFeatureAppConfig.Rollouts.Internal;

namespace OpenFeatureAppConfig.Rollouts.Tests;

/// <summary>The controls (start, pause, resume, advance, roll back) on a fake clock against the in-process emulator.</summary>
[TestFixture]
public sealed class RolloutClientTests : RolloutStoreTest
{
    private RolloutClient _rollouts = null!;
    private RolloutExecutor _executor = null!;

    [SetUp]
    public void CreateControls()
    {
        _rollouts = new RolloutClient(Client, Time);
        _executor = new RolloutExecutor(Client, new ProgressiveRolloutOptions { InstanceId = "a" }, Time, NullLogger.Instance);
    }

    private async Task<RolloutPlan> ReadPlanAsync() => (await _rollouts.GetRolloutAsync(Flag)).Value;

    private async Task<ConfigurationSetting> ReadFlagSettingAsync() => (await Client.GetConfigurationSettingAsync(FlagKey)).Value;

    private async Task<double?> PercentageAsync() =>
        JsonNode.Parse((await ReadFlagSettingAsync()).Value!)!["conditions"]?["client_filters"]?[0]?["parameters"]?["Audience"]?["DefaultRolloutPercentage"]?.GetValue<double>();

    private async Task PassAtAsync(DateTimeOffset at)
    {
        Time.AdjustTime(at);
        await _executor.RunOnceAsync(CancellationToken.None);
    }

    [Test]
    public async Task Start_stores_the_plan_with_the_flags_revision_and_the_executor_writes_the_first_stage()
    {
        var started = (await _rollouts.StartAsync(NewPlan(), "alice")).Value;

        Assert.Multiple(async () =>
        {
            Assert.That(started.FlagETag, Is.EqualTo((await ReadFlagSettingAsync()).ETag.ToString()), "started from the flag as it is");
            Assert.That(started.History.Single().Actor, Is.EqualTo("alice"));
            Assert.That(started.History.Single().Reason, Does.StartWith("started: 1 % → 5 % → 25 % → 100 %"));
            Assert.That((await ReadPlanAsync()).ToJson(), Is.EqualTo(started.ToJson()));
        });

        await PassAtAsync(Start);
        Assert.That(await PercentageAsync(), Is.EqualTo(1));
        Assert.That((await ReadPlanAsync()).Status, Is.EqualTo(new RolloutStatus(RolloutState.Running, 0)), "no pause: the started-from revision is the one written over");
    }

    [Test]
    public async Task Start_refuses_a_missing_flag_a_variant_the_flag_lacks_and_a_rollout_in_progress()
    {
        var missing = new RolloutPlan("nope", null, RolloutTarget.Enabled, Start, [new(10, TimeSpan.Zero)]);
        Assert.That(() => _rollouts.StartAsync(missing, "alice"), Throws.InvalidOperationException.With.Message.Contains("does not exist"));
        var variant = new RolloutPlan(Flag, null, RolloutTarget.ForVariant("Warm"), Start, [new(10, TimeSpan.Zero)]);
        Assert.That(() => _rollouts.StartAsync(variant, "alice"), Throws.InvalidOperationException.With.Message.Contains("Warm"));

        await _rollouts.StartAsync(NewPlan(), "alice");
        Assert.That(() => _rollouts.StartAsync(NewPlan(), "bob"), Throws.InvalidOperationException.With.Message.Contains("in progress"));
        Assert.That((await ReadPlanAsync()).History.Single().Actor, Is.EqualTo("alice"), "the running plan is not replaced");

        await _rollouts.RollBackAsync(Flag, null, "bad", "alice");
        Time.Advance(TimeSpan.FromMinutes(1));
        await _rollouts.StartAsync(NewPlan(), "bob");
        Assert.That((await ReadPlanAsync()).History.Single().Actor, Is.EqualTo("bob"), "a rolled-back rollout can be started again");
    }

    [Test]
    public async Task Pause_keeps_the_flag_and_resume_adopts_the_flag_as_edited_meanwhile()
    {
        await _rollouts.StartAsync(NewPlan(), "alice");
        await PassAtAsync(Start);

        Time.AdjustTime(Start.AddMinutes(30));
        var paused = (await _rollouts.PauseAsync(Flag, null, "error rate up", "alice")).Value;
        Assert.That(paused.PauseReason, Is.EqualTo("error rate up"));
        await PassAtAsync(Start.AddHours(3));
        Assert.That(await PercentageAsync(), Is.EqualTo(1), "paused: still 1 %");

        // While paused, a person fixes the flag's description; resuming adopts that revision.
        var flag = await ReadFlagSettingAsync();
        flag.Value = JsonNode.Parse(flag.Value!)!.AsObject().Also(node => node["description"] = "fixed").ToJsonString();
        var edited = (await Client.SetConfigurationSettingAsync(flag, onlyIfUnchanged: true)).Value;
        var resumed = (await _rollouts.ResumeAsync(Flag, null, "bob")).Value;
        Assert.That(resumed.FlagETag, Is.EqualTo(edited.ETag.ToString()), "flagEtag is the flag's current ETag");
        Assert.That(resumed.Status, Is.EqualTo(new RolloutStatus(RolloutState.Running, 0)));

        // 30 min held before the pause + 30 min after the resume: stage 2 is due at 3 h 30 min, not earlier.
        await PassAtAsync(Start.AddHours(3.5).AddTicks(-1));
        Assert.That(await PercentageAsync(), Is.EqualTo(1));
        await PassAtAsync(Start.AddHours(3.5));
        Assert.Multiple(async () =>
        {
            Assert.That(await PercentageAsync(), Is.EqualTo(5));
            Assert.That(JsonNode.Parse((await ReadFlagSettingAsync()).Value!)!["description"]!.GetValue<string>(), Is.EqualTo("fixed"));
            Assert.That((await ReadPlanAsync()).Status.State, Is.EqualTo(RolloutState.Running), "not paused: the person's revision was adopted");
        });

        Assert.That(() => _rollouts.ResumeAsync(Flag, null, "bob"), Throws.InvalidOperationException.With.Message.Contains("running"));
    }

    [Test]
    public async Task Resume_after_a_roll_back_restarts_from_the_first_stage_with_fresh_holds()
    {
        await _rollouts.StartAsync(NewPlan(), "alice");
        await PassAtAsync(Start);
        await PassAtAsync(Start.AddHours(1));
        Time.AdjustTime(Start.AddHours(1.5));
        await _rollouts.RollBackAsync(Flag, null, "checkout errors", "alice");

        // Resumed long after the whole timetable had passed: 1 % again, held its full hour.
        Time.AdjustTime(Start.AddDays(1));
        var resumed = (await _rollouts.ResumeAsync(Flag, null, "bob")).Value;
        Assert.That(resumed.Status, Is.EqualTo(RolloutStatus.Initial));
        await PassAtAsync(Start.AddDays(1));
        Assert.That(await PercentageAsync(), Is.EqualTo(1), "the first stage, not the one the clock would give");
        await PassAtAsync(Start.AddDays(1).AddHours(1).AddTicks(-1));
        Assert.That(await PercentageAsync(), Is.EqualTo(1));
        await PassAtAsync(Start.AddDays(1).AddHours(1));
        Assert.Multiple(async () =>
        {
            Assert.That(await PercentageAsync(), Is.EqualTo(5));
            Assert.That((await ReadPlanAsync()).Status, Is.EqualTo(new RolloutStatus(RolloutState.Running, 1)));
        });
    }

    [Test]
    public async Task A_guards_roll_back_writes_its_reason_with_the_numbers_into_the_flags_telemetry_metadata()
    {
        var guard = new SwitchGuard { Reason = "error rate 7.5 % vs 1.2 % (1,500 requests)" };
        _executor = new RolloutExecutor(Client, new ProgressiveRolloutOptions { InstanceId = "a" }, Time, NullLogger.Instance, [guard]);
        await _rollouts.StartAsync(NewPlan(), "alice");
        await PassAtAsync(Start);
        Assert.That(RolloutReason(await ReadFlagSettingAsync()), Is.EqualTo("stage 1 of 4 due: 1 %"), "every rollout write says why");

        guard.Tripped = true;
        await PassAtAsync(Start.AddMinutes(30));

        var flag = await ReadFlagSettingAsync();
        var plan = await ReadPlanAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(await PercentageAsync(), Is.EqualTo(0));
            Assert.That(RolloutReason(flag), Is.EqualTo("guard 'switch' tripped: error rate 7.5 % vs 1.2 % (1,500 requests); rolled back to 0 % and paused"));
            Assert.That(RolloutReason(flag), Is.EqualTo(plan.History[^1].Reason), "the flag and the plan's history say the same");
            Assert.That(JsonNode.Parse(flag.Value!)!["telemetry"]!["enabled"], Is.Null, "telemetry is not switched on by the reason");
        });
    }

    [Test]
    public async Task A_long_roll_back_reason_is_cut_in_the_flag_but_kept_whole_in_the_plan()
    {
        await _rollouts.StartAsync(NewPlan(), "alice");
        await PassAtAsync(Start);
        var reason = new string('x', 5000);

        await _rollouts.RollBackAsync(Flag, null, reason, "bob");

        var written = RolloutReason(await ReadFlagSettingAsync())!;
        Assert.Multiple(async () =>
        {
            Assert.That(written, Has.Length.EqualTo(FlagMaterializer.MaxReasonLength));
            Assert.That(written, Does.StartWith("rolled back: xxx").And.EndWith("…"));
            Assert.That((await ReadPlanAsync()).History[^1].Reason, Is.EqualTo(reason));
        });
    }

    private static string? RolloutReason(ConfigurationSetting flag) =>
        JsonNode.Parse(flag.Value!)!["telemetry"]?["metadata"]?[FlagMaterializer.ReasonMetadataKey]?.GetValue<string>();

    [Test]
    public async Task Resume_after_a_guards_roll_back_restarts_from_the_first_stage_but_a_plain_pause_does_not()
    {
        var guard = new SwitchGuard();
        _executor = new RolloutExecutor(Client, new ProgressiveRolloutOptions { InstanceId = "a" }, Time, NullLogger.Instance, [guard]);
        await _rollouts.StartAsync(NewPlan(), "alice");
        await PassAtAsync(Start);
        await PassAtAsync(Start.AddHours(1));
        await PassAtAsync(Start.AddHours(2));
        Assert.That(await PercentageAsync(), Is.EqualTo(25));

        guard.Tripped = true;
        await PassAtAsync(Start.AddHours(2.5));
        Assert.That(await PercentageAsync(), Is.EqualTo(0), "the guard rolled it back and paused it");
        guard.Tripped = false;

        Time.AdjustTime(Start.AddHours(6));
        await _rollouts.ResumeAsync(Flag, null, "bob");
        await PassAtAsync(Start.AddHours(6));
        Assert.That(await PercentageAsync(), Is.EqualTo(1), "the first stage again, not 25 % or 100 %");

        // A plain pause and resume keeps its place: 30 min held + 1 h paused + 30 min = the next stage.
        Time.AdjustTime(Start.AddHours(6.5));
        await _rollouts.PauseAsync(Flag, null, "lunch", "bob");
        Time.AdjustTime(Start.AddHours(7.5));
        await _rollouts.ResumeAsync(Flag, null, "bob");
        await PassAtAsync(Start.AddHours(8).AddTicks(-1));
        Assert.That(await PercentageAsync(), Is.EqualTo(1));
        await PassAtAsync(Start.AddHours(8));
        Assert.That(await PercentageAsync(), Is.EqualTo(5));
    }

    [Test]
    public async Task Advance_writes_the_next_stage_now_and_holds_it_in_full_from_now()
    {
        await _rollouts.StartAsync(NewPlan(), "alice");
        await PassAtAsync(Start);

        Time.AdjustTime(Start.AddMinutes(10));
        var advanced = (await _rollouts.AdvanceAsync(Flag, null, "alice")).Value;
        Assert.Multiple(async () =>
        {
            Assert.That(await PercentageAsync(), Is.EqualTo(5), "written at once, no executor needed");
            Assert.That(advanced.FlagETag, Is.EqualTo((await ReadFlagSettingAsync()).ETag.ToString()));
            Assert.That(advanced.History[^1].Reason, Is.EqualTo("advanced by hand to stage 2 of 4: 5 %"));
        });

        await PassAtAsync(Start.AddHours(1).AddMinutes(10).AddTicks(-1));
        Assert.That(await PercentageAsync(), Is.EqualTo(5), "5 % is held a full hour from the advance");
        await PassAtAsync(Start.AddHours(1).AddMinutes(10));
        Assert.That(await PercentageAsync(), Is.EqualTo(25));

        await _rollouts.AdvanceAsync(Flag, null, "alice");
        var completed = (await _rollouts.AdvanceAsync(Flag, null, "alice")).Value;
        Assert.That(completed.Status, Is.EqualTo(new RolloutStatus(RolloutState.Completed, 3)), "advancing the last stage completes");
        Assert.That(() => _rollouts.AdvanceAsync(Flag, null, "alice"), Throws.InvalidOperationException.With.Message.Contains("completed"));
    }

    [Test]
    public async Task Advance_refuses_to_write_over_a_persons_edit()
    {
        await _rollouts.StartAsync(NewPlan(), "alice");
        await PassAtAsync(Start);
        await Emulator.SetFeatureFlagAsync("""{"id":"new_checkout","enabled":false}""");
        var before = await ReadFlagSettingAsync();

        Assert.That(() => _rollouts.AdvanceAsync(Flag, null, "alice"), Throws.InvalidOperationException.With.Message.Contains("changed by someone else"));
        Assert.That((await ReadFlagSettingAsync()).ETag, Is.EqualTo(before.ETag), "the person's flag is left as is");
    }

    [Test]
    public async Task Roll_back_writes_0_percent_at_once_without_an_executor_and_stops_the_schedule()
    {
        await _rollouts.StartAsync(NewPlan(), "alice");
        await PassAtAsync(Start);
        await PassAtAsync(Start.AddHours(1));
        Assert.That(await PercentageAsync(), Is.EqualTo(5));

        // A person's edit meanwhile does not stop a roll back: rolling back is itself a person's call.
        var flag = await ReadFlagSettingAsync();
        flag.Value = JsonNode.Parse(flag.Value!)!.AsObject().Also(node => node["description"] = "hotfix").ToJsonString();
        await Client.SetConfigurationSettingAsync(flag);

        Time.AdjustTime(Start.AddHours(1.5));
        var rolledBack = (await _rollouts.RollBackAsync(Flag, null, "checkout errors", "alice")).Value;
        Assert.Multiple(async () =>
        {
            Assert.That(await PercentageAsync(), Is.EqualTo(0));
            Assert.That(JsonNode.Parse((await ReadFlagSettingAsync()).Value!)!["description"]!.GetValue<string>(), Is.EqualTo("hotfix"), "the rest of the flag is kept");
            Assert.That(rolledBack.Status, Is.EqualTo(new RolloutStatus(RolloutState.RolledBack, null)));
            Assert.That(rolledBack.History[^1].Reason, Is.EqualTo("checkout errors"));
            Assert.That(rolledBack.FlagETag, Is.EqualTo((await ReadFlagSettingAsync()).ETag.ToString()));
        });

        await PassAtAsync(Start.AddHours(9));
        Assert.That(await PercentageAsync(), Is.EqualTo(0), "the executor leaves a rolled-back flag alone");
        Assert.That(() => _rollouts.RollBackAsync(Flag, null, "again", "alice"), Throws.InvalidOperationException);
    }

    [Test]
    public async Task Roll_back_racing_the_executors_stage_write_ends_rolled_back_at_0_percent()
    {
        await _rollouts.StartAsync(NewPlan(), "alice");
        await PassAtAsync(Start);

        // The executor's pass for stage 2 lands between the roll back's read of the plan and its writes.
        var racing = new RolloutClient(new AppConfigurationClient(Emulator.ConnectionString, RaceOptions(async () => await PassAtAsync(Start.AddHours(1)))), Time);
        Time.AdjustTime(Start.AddHours(1));
        await racing.RollBackAsync(Flag, null, "errors", "alice");

        Assert.That(await PercentageAsync(), Is.EqualTo(0));
        Assert.That((await ReadPlanAsync()).Status, Is.EqualTo(new RolloutStatus(RolloutState.RolledBack, null)));
        await PassAtAsync(Start.AddHours(5));
        Assert.That(await PercentageAsync(), Is.EqualTo(0));
    }

    [Test]
    public async Task Controls_on_a_flag_without_a_plan_are_a_404()
    {
        var error = Assert.ThrowsAsync<RequestFailedException>(() => _rollouts.PauseAsync(Flag, null, "why", "alice"));
        Assert.That(error!.Status, Is.EqualTo(404));
    }

    private static AppConfigurationClientOptions RaceOptions(Func<Task> race)
    {
        var options = new AppConfigurationClientOptions();
        options.AddPolicy(new BeforeFirstFlagRead(race), Azure.Core.HttpPipelinePosition.PerCall);
        return options;
    }

    /// <summary>Runs <c>race</c> once, just before the first read of the feature flag.</summary>
    private sealed class BeforeFirstFlagRead(Func<Task> race) : Azure.Core.Pipeline.HttpPipelineSynchronousPolicy
    {
        private int _done;

        public override void OnSendingRequest(Azure.Core.HttpMessage message)
        {
            if (message.Request.Method == Azure.Core.RequestMethod.Get
                && Uri.UnescapeDataString(message.Request.Uri.ToString()).Contains("/kv/" + FlagKey, StringComparison.Ordinal)
                && Interlocked.Exchange(ref _done, 1) == 0)
            {
                race().GetAwaiter().GetResult();
            }
        }
    }

    /// <summary>A guard a test trips and clears by hand.</summary>
    private sealed class SwitchGuard : IRolloutGuard
    {
        public bool Tripped { get; set; }

        public string Reason { get; init; } = "tripped by the test";

        public string Name => "switch";

        public ValueTask<RolloutGuardResult> CheckAsync(RolloutGuardContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(Tripped ? RolloutGuardResult.Trip(Reason) : RolloutGuardResult.Pass("clear"));
    }
}

internal static class JsonObjectExtensions
{
    public static JsonObject Also(this JsonObject node, Action<JsonObject> change)
    {
        change(node);
        return node;
    }

}
