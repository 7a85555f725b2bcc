using System.Text.Json.Nodes;
using OpenFeatureAppConfig.AppConfiguration;
using OpenFeatureAppConfig.Emulator;
using OpenFeatureAppConfig.Guardrails.Tests.Support;
using OpenFeatureAppConfig.Rollouts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OpenFeatureAppConfig.Guardrails.Tests;

/// <summary>
/// The PromQL guard against a real Prometheus (started by the test on a free loopback port, 1 s scrape) scraping a
/// real app's OpenTelemetry Prometheus endpoint.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class PrometheusRolloutGuardTests
{
    private GuardedTestApp _app = null!;
    private PrometheusServer _prometheus = null!;
    private readonly HttpClient _http = new();

    [SetUp]
    public async Task StartAsync()
    {
        _app = await GuardedTestApp.StartAsync();
        try
        {
            _prometheus = await PrometheusServer.StartAsync(_app.Address);
        }
        catch
        {
            await _app.DisposeAsync();
            throw;
        }

        // Every series exists and has been scraped before the measured traffic, as in a live app: increase() only
        // counts what happened after a series' first sample.
        _app.TreatmentFailureEvery = _app.ControlFailureEvery = 1;
        await _app.SendCheckoutsAsync(firstUser: 0, count: 2);
        _app.TreatmentFailureEvery = _app.ControlFailureEvery = 0;
        await _app.SendCheckoutsAsync(firstUser: 0, count: 2);
        await WaitForScrapeAsync(4);
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _prometheus.DisposeAsync();
        await _app.DisposeAsync();
    }

    [OneTimeTearDown]
    public void DisposeHttp() => _http.Dispose();

    [Test]
    public async Task Failures_injected_in_the_treatment_only_trip_the_guard_with_the_numbers()
    {
        var started = DateTimeOffset.UtcNow;
        _app.TreatmentFailureEvery = 5; // 20 % of treated requests fail, none of the control's
        await _app.SendCheckoutsAsync(firstUser: 100, count: 600);
        await WaitForScrapeAsync(604);

        var result = await Guard(minimum: 200).CheckAsync(Context(started), CancellationToken.None);

        Assert.That(result.Tripped, Is.True, result.Reason);
        Assert.That(result.Reason, Does.Match(@"^variant 'true' over the last \d+s: treatment failure rate \d+\.\d\d % \(\d+/\d+\) vs control 0\.00 % \(0/\d+\): z = \d+\.\d\d, one-sided p = 0\.0000 ≤ α 0\.01"));
    }

    [Test]
    public async Task Equal_failure_rates_do_not_trip()
    {
        var started = DateTimeOffset.UtcNow;
        _app.TreatmentFailureEvery = _app.ControlFailureEvery = 10;
        await _app.SendCheckoutsAsync(firstUser: 100, count: 600);
        await WaitForScrapeAsync(604);

        var result = await Guard(minimum: 200).CheckAsync(Context(started), CancellationToken.None);

        Assert.That(result.Tripped, Is.False, result.Reason);
        Assert.That(result.Reason, Does.Contain("> α 0.01"));
    }

    [Test]
    public async Task Below_the_minimum_sample_a_bad_treatment_does_not_trip_yet()
    {
        var started = DateTimeOffset.UtcNow;
        _app.TreatmentFailureEvery = 1;
        await _app.SendCheckoutsAsync(firstUser: 100, count: 100);
        await WaitForScrapeAsync(104);

        var result = await Guard(minimum: 200).CheckAsync(Context(started), CancellationToken.None);

        Assert.That(result.Tripped, Is.False);
        Assert.That(result.Reason, Does.Contain("not enough data yet"));
    }

    [Test]
    public async Task A_threshold_query_above_its_threshold_trips()
    {
        var started = DateTimeOffset.UtcNow;
        _app.TreatmentFailureEvery = 50; // too few failures for the z-test at this sample, but over the budget
        await _app.SendCheckoutsAsync(firstUser: 100, count: 400);
        await WaitForScrapeAsync(404);
        var options = new PrometheusGuardOptions
        {
            Endpoint = _prometheus.Endpoint,
            Criteria = { MinimumSamplePerArm = 100 },
            ThresholdQuery = "sum(openfeatureappconfig_flag_requests_total{feature_flag_key=\"{flag}\",feature_flag_result_variant{op}\"{variant}\",outcome=\"failure\"})",
            Threshold = 3,
        };

        var result = await new PrometheusRolloutGuard(options, _http).CheckAsync(Context(started), CancellationToken.None);

        Assert.That(result.Tripped, Is.True, result.Reason);
        Assert.That(result.Reason, Does.EndWith("threshold query gave 5, above 3"));
    }

    [Test]
    public async Task The_executor_rolls_a_bad_rollout_back_to_0_percent_once_the_minimum_sample_is_in()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        var client = new AppConfigurationClient(emulator.ConnectionString);
        await emulator.SetFeatureFlagAsync("""{"id":"new_checkout","enabled":false}""");
        var plan = new RolloutPlan(GuardedTestApp.Flag, null, RolloutTarget.Enabled, DateTimeOffset.UtcNow, [new(50, TimeSpan.FromHours(1)), new(100, TimeSpan.FromHours(1))]);
        await emulator.SetKeyValueAsync(RolloutKeys.KeyFor(GuardedTestApp.Flag), plan.ToJson(), null, RolloutKeys.ContentType);

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddProgressiveRollouts(options =>
        {
            options.ConnectionString = emulator.ConnectionString;
            options.PollInterval = TimeSpan.FromSeconds(1);
        });
        builder.Services.AddPrometheusRolloutGuard(options =>
        {
            options.Endpoint = _prometheus.Endpoint;
            options.Criteria.MinimumSamplePerArm = 200;
        });
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            await Eventually.WaitForAsync(async () => (await ReadPlanAsync(client)).Status.Stage == 0, "first stage written", () => _prometheus.Output);
            _app.TreatmentFailureEvery = 4;
            await _app.SendCheckoutsAsync(firstUser: 100, count: 150);
            await WaitForScrapeAsync(154);
            await Task.Delay(TimeSpan.FromSeconds(3)); // a few passes on fewer than the minimum sample
            Assert.That((await ReadPlanAsync(client)).Status.State, Is.EqualTo(RolloutState.Running), "75 treated requests are below the minimum");

            await _app.SendCheckoutsAsync(firstUser: 1000, count: 400);
            await Eventually.WaitForAsync(async () => (await ReadPlanAsync(client)).Status.State == RolloutState.Paused, "rollback", () => _prometheus.Output);

            var rolledBack = await ReadPlanAsync(client);
            Assert.That(rolledBack.Status, Is.EqualTo(new RolloutStatus(RolloutState.Paused, null)));
            Assert.That(rolledBack.PauseReason, Does.StartWith("guard 'promql' tripped: variant 'true' over the last "));
            Assert.That(rolledBack.PauseReason, Does.EndWith("; rolled back to 0 % and paused"));
            var flag = JsonNode.Parse((await client.GetConfigurationSettingAsync(".appconfig.featureflag/" + GuardedTestApp.Flag)).Value.Value!)!;
            Assert.That(flag["conditions"]!["client_filters"]![0]!["parameters"]!["Audience"]!["DefaultRolloutPercentage"]!.GetValue<double>(), Is.EqualTo(0));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private PrometheusRolloutGuard Guard(long minimum) =>
        new(new PrometheusGuardOptions { Endpoint = _prometheus.Endpoint, Criteria = { MinimumSamplePerArm = minimum } }, _http);

    private static RolloutGuardContext Context(DateTimeOffset stageWrittenAt) => GuardContexts.FirstStage(stageWrittenAt, DateTimeOffset.UtcNow);

    private static async Task<RolloutPlan> ReadPlanAsync(AppConfigurationClient client) =>
        RolloutPlan.Parse(GuardedTestApp.Flag, null, (await client.GetConfigurationSettingAsync(RolloutKeys.KeyFor(GuardedTestApp.Flag))).Value.Value!);

    /// <summary>Waits until Prometheus has scraped <paramref name="requests"/> requests of the flag (a bound, not a timing assertion).</summary>
    private Task WaitForScrapeAsync(int requests) =>
        Eventually.WaitForAsync(async () => await _prometheus.QueryAsync($"sum(openfeatureappconfig_flag_requests_total{{feature_flag_key=\"{GuardedTestApp.Flag}\"}})") >= requests,
            $"Prometheus scraping {requests} requests", () => _prometheus.Output);
}
