using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.AspNetCore;
using OpenFeature;
using OpenFeature.Constant;
using OpenFeatureAppConfig.Emulator;
using OpenFeatureAppConfig.Hosting.Tests.Support;

namespace OpenFeatureAppConfig.Hosting.Tests;

/// <summary>
/// A bad flag never throws into application code: a malformed filter parameter makes the flag disabled for
/// [FeatureGate], WithFeatureGate, the tag helper and the feature managers (an ERROR for the OpenFeature client), a
/// malformed stored flag keeps its last good version, and health says Degraded naming the flag.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class MalformedFlagTests
{
    private const string BrokenFlag = TargetingTests.RolloutFlag;

    [Test]
    public async Task A_malformed_time_window_is_disabled_everywhere_logged_once_and_named_by_health()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync(new AppConfigurationEmulatorOptions { ValidateFeatureFlags = false });
        await emulator.SetFeatureFlagAsync(Flags.MalformedTimeWindow(BrokenFlag));
        await emulator.SetFeatureFlagAsync(Flags.Boolean("Healthy", true));
        var logs = new CollectingLoggerProvider();
        await using var app = await StartAsync(emulator, logs);
        using var http = app.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            Assert.That(await StatusAsync(http, "/gated"), Is.EqualTo(HttpStatusCode.NotFound), "[FeatureGate]");
            Assert.That(await StatusAsync(http, "/endpoint-gated"), Is.EqualTo(HttpStatusCode.NotFound), "WithFeatureGate");
            Assert.That(await TextAsync(http, $"/tag-helper/{BrokenFlag}"), Is.EqualTo("False"), "<feature>");
            Assert.That(await TextAsync(http, $"/snapshots/{BrokenFlag}"), Is.EqualTo("False|False|"), "the request snapshots");
        }

        Assert.That(await TextAsync(http, "/tag-helper/Healthy"), Is.EqualTo("True"), "other flags are unaffected");
        var services = app.Services;
        Assert.That(await services.GetRequiredService<IFeatureManager>().IsEnabledAsync(BrokenFlag), Is.False);
        Assert.That(await services.GetRequiredService<IVariantFeatureManager>().IsEnabledAsync(BrokenFlag), Is.False);
        Assert.That(await services.GetRequiredService<IVariantFeatureManager>().GetVariantAsync(BrokenFlag), Is.Null);

        var details = await services.GetRequiredService<IFeatureClient>().GetBooleanDetailsAsync(BrokenFlag, true);
        Assert.That((details.Value, details.Reason, details.ErrorType), Is.EqualTo((true, Reason.Error, ErrorType.ParseError)),
            "the OpenFeature client still reports the error with the caller's default");

        Assert.That(logs.Messages.Count(m => m.Contains($"'{BrokenFlag}' could not be evaluated")), Is.EqualTo(1), "logged once, not per evaluation");
        var report = (await services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["feature_flags"];
        Assert.That(report.Status, Is.EqualTo(HealthStatus.Degraded), report.Description);
        Assert.That(report.Description, Does.Contain(BrokenFlag).And.Not.Contain("Healthy,"));
        Assert.That(report.Data["failingFlags"], Is.EqualTo(new[] { BrokenFlag }));

        // Fixed in the store: the flag evaluates again, health recovers.
        await emulator.SetFeatureFlagAsync(Flags.Boolean(BrokenFlag, true));
        Assert.That(await Eventually.TrueAsync(async () => await StatusAsync(http, "/gated") == HttpStatusCode.OK), Is.True);
        Assert.That((await services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Status, Is.EqualTo(HealthStatus.Healthy));
    }

    [Test]
    public async Task A_flag_stored_as_broken_json_or_with_wrong_types_keeps_its_last_good_version_and_health_names_it()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync(new AppConfigurationEmulatorOptions { ValidateFeatureFlags = false });
        await emulator.SetFeatureFlagAsync(Flags.Boolean("Beta", true));
        await emulator.SetFeatureFlagAsync(Flags.Boolean("Gamma", true));
        await using var app = await StartAsync(emulator, new CollectingLoggerProvider());
        var client = app.Services.GetRequiredService<IFeatureClient>();
        var first = await client.GetBooleanDetailsAsync("Beta", false);
        Assert.That(first.Value, Is.True, $"{first.ErrorType} {first.ErrorMessage} {first.Reason}");

        await emulator.SetKeyValueAsync(".appconfig.featureflag/Beta", """{"id":"Beta","enabled":tru""", contentType: "application/vnd.microsoft.appconfig.ff+json;charset=utf-8");
        await emulator.SetKeyValueAsync(".appconfig.featureflag/Gamma", """{"id":"Gamma","enabled":"maybe"}""", contentType: "application/vnd.microsoft.appconfig.ff+json;charset=utf-8");
        await emulator.SetKeyValueAsync(".appconfig.featureflag/New", """{"id":"New",""", contentType: "application/vnd.microsoft.appconfig.ff+json;charset=utf-8");
        await emulator.SetFeatureFlagAsync(Flags.Boolean("Delta", true));
        Assert.That(await Eventually.TrueAsync(async () => await client.GetBooleanValueAsync("Delta", false)), Is.True,
            "the refresh read the flags (one collection, read at once)");

        Assert.That(await client.GetBooleanValueAsync("Beta", false), Is.True, "broken JSON: the last good version is served");
        Assert.That(await client.GetBooleanValueAsync("Gamma", false), Is.True, "a field of the wrong type: the last good version is served");
        Assert.That((await client.GetBooleanDetailsAsync("New", false)).ErrorType, Is.EqualTo(ErrorType.FlagNotFound), "no good version: left out");
        var report = (await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["feature_flags"];
        Assert.That(report.Status, Is.EqualTo(HealthStatus.Degraded), report.Description);
        Assert.That(report.Description, Does.Contain("Beta").And.Contain("Gamma").And.Contain("New"));
    }

    private static Task<TestApp> StartAsync(AppConfigurationEmulator emulator, CollectingLoggerProvider logs) =>
        TestApp.StartAsync(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:AppConfig"] = emulator.ConnectionString,
                ["FeatureFlags:RefreshInterval"] = "00:00:01",
            },
            configureServices: builder =>
            {
                builder.Logging.AddProvider(logs);
                builder.Services.AddHealthChecks().AddFeatureFlags();
                builder.Services.AddControllers().AddApplicationPart(typeof(GatedController).Assembly);
            },
            configurePipeline: app =>
            {
                app.MapGet("/endpoint-gated", () => "in").WithFeatureGate(BrokenFlag);
                app.MapGet("/snapshots/{flag}", async (string flag, IFeatureManagerSnapshot manager, IVariantFeatureManagerSnapshot variants) =>
                    $"{await manager.IsEnabledAsync(flag)}|{await variants.IsEnabledAsync(flag)}|{(await variants.GetVariantAsync(flag))?.Name}");
                app.MapGet("/tag-helper/{flag}", FeatureTagHelperProbe.RenderAsync);
                app.MapControllers();
            });

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        return response.StatusCode;
    }

    private static async Task<string> TextAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        return await response.Content.ReadAsStringAsync();
    }
}
