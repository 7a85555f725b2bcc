using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using OpenFeatureAppConfig.AppConfiguration;
using OpenFeatureAppConfig.Emulator;
using OpenFeatureAppConfig.Emulator.Hosting;

namespace OpenFeatureAppConfig.Rollouts.Tests;

/// <summary>The emulator tool's <c>rollout</c> command against the in-process emulator.</summary>
[TestFixture]
public sealed class RolloutCommandTests
{
    private AppConfigurationEmulator _emulator = null!;
    private FakeTimeProvider _time = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _emulator = await AppConfigurationEmulator.StartAsync();
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
        await _emulator.SetFeatureFlagAsync("""{"id":"beta","enabled":false}""");
    }

    [TearDown]
    public async Task StopAsync() => await _emulator.DisposeAsync();

    private async Task<Outcome> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await RolloutCommand.RunAsync([.. args, "--connection-string", _emulator.ConnectionString], output, error, _time);
        return new Outcome(code, output.ToString(), error.ToString());
    }

    private async Task<double> PercentageAsync()
    {
        var flag = (await new AppConfigurationClient(_emulator.ConnectionString).GetConfigurationSettingAsync(".appconfig.featureflag/beta")).Value;
        return JsonNode.Parse(flag.Value!)!["conditions"]!["client_filters"]![0]!["parameters"]!["Audience"]!["DefaultRolloutPercentage"]!.GetValue<double>();
    }

    [Test]
    public async Task Start_advance_pause_resume_and_rollback_from_the_command_line()
    {
        Assert.That((await RunAsync("start", "beta", "--stages", "1:PT1H, 5:PT1H, 25:PT1H, 100:PT0S", "--actor", "ops")).Output, Does.StartWith("beta: Running, 0 %: started: 1 % → 5 %"));
        Assert.That((await RunAsync("advance", "beta")).Output, Does.StartWith("beta: Running, 1 % (stage 1 of 4)"));
        Assert.That(await PercentageAsync(), Is.EqualTo(1));
        Assert.That((await RunAsync("pause", "beta", "--reason", "errors")).Output, Does.StartWith("beta: Paused, 1 % (stage 1 of 4): errors"));
        Assert.That((await RunAsync("resume", "beta")).Code, Is.Zero);
        Assert.That((await RunAsync("rollback", "beta", "--reason", "bad")).Output, Does.StartWith("beta: RolledBack, 0 %: bad"));
        Assert.That(await PercentageAsync(), Is.EqualTo(0));

        var shown = await RunAsync("show", "beta");
        var plan = RolloutPlan.Parse("beta", null, shown.Output);
        Assert.That(plan.History.Select(entry => entry.Actor).Distinct(), Is.EqualTo(new[] { "ops" }).Or.EqualTo(new[] { "ops", "cli:" + Environment.UserName }));
        Assert.That(plan.History, Has.Count.EqualTo(5));
    }

    [Test]
    public async Task Bad_input_is_exit_code_2_and_a_refused_control_is_exit_code_1_with_the_reason()
    {
        Assert.That(await RunAsync("start", "beta"), Has.Property("Code").EqualTo(2).And.Property("Error").Contains("--stages"));
        Assert.That(await RunAsync("start", "beta", "--stages", "1:an hour"), Has.Property("Code").EqualTo(1).And.Property("Error").Contains("ISO 8601"));
        Assert.That(await RunAsync("start", "beta", "--stages", "5:PT1H,1:PT1H"), Has.Property("Code").EqualTo(1).And.Property("Error").Contains("stages[1].percentage"));
        Assert.That(await RunAsync("launch", "beta"), Has.Property("Code").EqualTo(2).And.Property("Error").Contains("Unknown rollout command"));
        Assert.That(await RunAsync("pause", "beta", "--reason", "x"), Has.Property("Code").EqualTo(1).And.Property("Error").Contains("No rollout plan"));
        Assert.That(await RunAsync("pause", "beta"), Has.Property("Code").EqualTo(1));
    }

    public sealed record Outcome(int Code, string Output, string Error);
}
