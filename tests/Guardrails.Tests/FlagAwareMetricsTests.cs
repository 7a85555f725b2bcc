using System.Globalization;
using System.Text.RegularExpressions;
using OpenFeatureAppConfig.Guardrails.Tests.Support;

namespace OpenFeatureAppConfig.Guardrails.Tests;

/// <summary>The flag-aware metrics of a real app on loopback, read back from its OpenTelemetry Prometheus endpoint.</summary>
[TestFixture]
public sealed partial class FlagAwareMetricsTests
{
    private GuardedTestApp _app = null!;

    [SetUp]
    public async Task StartAsync() => _app = await GuardedTestApp.StartAsync();

    [TearDown]
    public async Task StopAsync() => await _app.DisposeAsync();

    [Test]
    public async Task Requests_are_counted_per_flag_variant_and_outcome()
    {
        _app.TreatmentFailureEvery = 4;
        await _app.SendCheckoutsAsync(firstUser: 0, count: 40); // 20 treated (5 fail), 20 control

        var metrics = await _app.ScrapeAsync();
        Assert.Multiple(() =>
        {
            Assert.That(Value(metrics, "openfeatureappconfig_flag_requests_total", "true", "success"), Is.EqualTo(15));
            Assert.That(Value(metrics, "openfeatureappconfig_flag_requests_total", "true", "failure"), Is.EqualTo(5));
            Assert.That(Value(metrics, "openfeatureappconfig_flag_requests_total", "false", "success"), Is.EqualTo(20));
            Assert.That(Value(metrics, "openfeatureappconfig_flag_requests_total", "false", "failure"), Is.Null);
            Assert.That(Value(metrics, "openfeatureappconfig_flag_request_duration_seconds_count", "true", "failure"), Is.EqualTo(5));
            Assert.That(Value(metrics, "openfeatureappconfig_flag_exposures_total", "true", null), Is.EqualTo(20));
        });
    }

    [Test]
    public async Task An_unhandled_exception_counts_as_a_failure()
    {
        using var response = await _app.Http.GetAsync("/throw?user=2");

        Assert.That((int)response.StatusCode, Is.EqualTo(500));
        Assert.That(Value(await _app.ScrapeAsync(), "openfeatureappconfig_flag_requests_total", "true", "failure"), Is.EqualTo(1));
    }

    [Test]
    public async Task Track_events_are_counted_per_variant_the_request_saw()
    {
        foreach (var user in new[] { 2, 4, 6, 1 })
        {
            using var response = await _app.Http.GetAsync($"/purchase?user={user}");
        }

        var metrics = await _app.ScrapeAsync();
        Assert.That(Value(metrics, "openfeatureappconfig_flag_tracks_total", "true", null), Is.EqualTo(3));
        Assert.That(Value(metrics, "openfeatureappconfig_flag_tracks_total", "false", null), Is.EqualTo(1));
        Assert.That(metrics, Does.Contain("feature_flag_track_name=\"purchase\""));
    }

    [Test]
    public async Task Only_listed_flags_are_tagged()
    {
        await _app.SendCheckoutsAsync(firstUser: 0, count: 4);
        using var untracked = await _app.Http.GetAsync("/untracked");

        var metrics = await _app.ScrapeAsync();
        Assert.That(metrics, Does.Contain("feature_flag_key=\"new_checkout\""));
        Assert.That(metrics, Does.Not.Contain("other_flag"));
    }

    /// <summary>A sample's value in the Prometheus text format, or null when there is no such series.</summary>
    private static double? Value(string metrics, string name, string variant, string? outcome)
    {
        foreach (Match line in SampleLine().Matches(metrics))
        {
            var labels = line.Groups["labels"].Value;
            if (line.Groups["name"].Value == name && labels.Contains($"feature_flag_key=\"{GuardedTestApp.Flag}\"", StringComparison.Ordinal)
                && labels.Contains($"feature_flag_result_variant=\"{variant}\"", StringComparison.Ordinal)
                && (outcome is null || labels.Contains($"outcome=\"{outcome}\"", StringComparison.Ordinal)))
            {
                return double.Parse(line.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)\{(?<labels>[^}]*)\} (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex SampleLine();
}
