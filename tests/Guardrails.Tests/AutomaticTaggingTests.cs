using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenFeatureAppConfig.AppConfiguration;
using OpenFeatureAppConfig.Emulator;
using OpenFeatureAppConfig.Guardrails.Tests.Support;
using OpenFeatureAppConfig.Rollouts;

namespace OpenFeatureAppConfig.Guardrails.Tests;

/// <summary>
/// The flag-aware metrics tag, without a list, the flags under an active rollout or experiment, as the app's
/// configuration (loaded from the emulator by <c>AddFeatureFlags()</c>, refreshed every second) says: a real app on
/// loopback, its exposures read back from its Prometheus endpoint.
/// </summary>
[TestFixture]
public sealed partial class AutomaticTaggingTests
{

    private AppConfigurationEmulator _store = null!;
    private GuardedTestApp? _app;
    private RolloutClient _rollouts = null!;

    [SetUp]
    public async Task StartStoreAsync()
    {
        _store = await AppConfigurationEmulator.StartAsync();
        _rollouts = new RolloutClient(new AppConfigurationClient(_store.ConnectionString));
        await _store.SetFeatureFlagAsync("""{"id":"new_checkout","enabled":false}""");
    }

    [TearDown]
    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        await _store.DisposeAsync();
    }

    [Test]
    public async Task A_flag_is_tagged_while_its_rollout_is_active_and_not_before_or_after()
    {
        _app = await StartAppAsync();
        Assert.That(await ExposuresAfterCheckoutsAsync("new_checkout"), Is.Zero, "no rollout: not tagged");

        await _rollouts.StartAsync(Plan(), "test");
        await WaitUntilTaggedAsync("new_checkout", tagged: true);

        await _rollouts.RollBackAsync("new_checkout", null, "bad", "test");
        await WaitUntilTaggedAsync("new_checkout", tagged: false);

        await _rollouts.StartAsync(Plan(), "test");
        await WaitUntilTaggedAsync("new_checkout", tagged: true);

        await _rollouts.AdvanceAsync("new_checkout", null, "test");
        var plan = (await _rollouts.GetRolloutAsync("new_checkout")).Value;
        var completed = plan.WithTransition(DateTimeOffset.UtcNow, plan.Status with { State = RolloutState.Completed }, "last stage held: rollout completed", "test");
        await _store.SetKeyValueAsync(RolloutKeys.KeyFor("new_checkout"), completed.ToJson(), contentType: RolloutKeys.ContentType);
        await WaitUntilTaggedAsync("new_checkout", tagged: false);
    }

    [Test]
    public async Task A_variant_flag_marked_as_an_experiment_is_tagged_and_an_unmarked_one_is_not()
    {
        await _store.SetFeatureFlagAsync(VariantFlag(experiment: false));
        _app = await StartAppAsync();
        Assert.That(await ExposuresAfterCheckoutsAsync("other_flag"), Is.Zero, "not marked: not tagged");

        await _store.SetFeatureFlagAsync(VariantFlag(experiment: true));

        await WaitUntilTaggedAsync("other_flag", tagged: true);
    }

    [Test]
    public async Task No_more_flags_than_the_cap_are_tagged_listed_ones_first()
    {
        await _store.SetFeatureFlagAsync(VariantFlag(experiment: true));
        await _rollouts.StartAsync(Plan(), "test");
        _app = await StartAppAsync(options =>
        {
            options.Flags.Add("listed_flag");
            options.MaxTaggedFlags = 2;
        });

        // Listed first, then rollouts (new_checkout), then experiments (other_flag: over the cap).
        await WaitUntilTaggedAsync("new_checkout", tagged: true);
        Assert.That(await ExposuresAfterCheckoutsAsync("other_flag"), Is.Zero);
    }

    /// <summary>The variant flag <c>other_flag</c>, marked as an experiment in its telemetry metadata or not.</summary>
    private static string VariantFlag(bool experiment) =>
        """{"id":"other_flag","enabled":true,"variants":[{"name":"on","configuration_value":true},{"name":"off","configuration_value":false}],"allocation":{"default_when_enabled":"on"}"""
        + (experiment ? ""","telemetry":{"enabled":true,"metadata":{"Experiment":"true"}}""" : string.Empty) + "}";

    private static RolloutPlan Plan() =>
        new("new_checkout", null, RolloutTarget.Enabled, DateTimeOffset.UtcNow.AddDays(1), [new(100, TimeSpan.FromHours(1))]);

    private async Task<GuardedTestApp> StartAppAsync(Action<FlagAwareMetricsOptions>? configure = null) =>
        await GuardedTestApp.StartAsync(
            services => services.Configure<FlagAwareMetricsOptions>(options =>
            {
                options.Flags.Clear();
                configure?.Invoke(options);
            }),
            builder =>
            {
                builder.Configuration["ConnectionStrings:AppConfig"] = _store.ConnectionString;
                builder.Configuration["FeatureFlags:RefreshInterval"] = "00:00:01";
                builder.AddFeatureFlags();
            });

    /// <summary>Waits until a checkout counts (tagged) or stops counting (untagged) an exposure of <paramref name="flag"/>, then checks that it holds.</summary>
    private async Task WaitUntilTaggedAsync(string flag, bool tagged)
    {
        long last = 0;
        await Eventually.WaitForAsync(async () => (last = await ExposuresAfterCheckoutsAsync(flag)) > 0 == tagged, $"{flag} {(tagged ? "tagged" : "untagged")}", () => $"last: {last} exposures");
        Assert.That(await ExposuresAfterCheckoutsAsync(flag), tagged ? Is.EqualTo(10) : Is.Zero);
    }

    /// <summary>Sends ten checkouts and answers how many exposures of <paramref name="flag"/> they added.</summary>
    private async Task<long> ExposuresAfterCheckoutsAsync(string flag)
    {
        var before = Exposures(await _app!.ScrapeAsync(), flag);
        await _app.SendCheckoutsAsync(firstUser: 0, count: 10);
        return Exposures(await _app.ScrapeAsync(), flag) - before;
    }

    private static long Exposures(string metrics, string flag) =>
        ExposureLine().Matches(metrics)
            .Where(m => m.Groups["flag"].Value == flag)
            .Sum(m => (long)double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex("""^openfeatureappconfig_flag_exposures_total\{[^}]*feature_flag_key="(?<flag>[^"]+)"[^}]*\} (?<value>\S+)""", RegexOptions.Multiline)]
    private static partial Regex ExposureLine();
}
