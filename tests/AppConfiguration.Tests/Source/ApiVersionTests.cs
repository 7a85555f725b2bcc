using Azure;
using Microsoft.AspNetCore.Http;
using OpenFeatureAppConfig.AppConfiguration;

namespace OpenFeatureAppConfig.AppConfiguration.Tests.Source;

/// <summary>The api-version is chosen through the source's client options, and a store that does not speak it says so.</summary>
public class ApiVersionTests
{
    [Test]
    public async Task The_version_set_through_ConfigureClientOptions_is_the_one_sent()
    {
        await using var emulator = await TestStore.StartAsync();
        await emulator.SetFeatureFlagAsync(TestStore.FlagJson("Beta", true));

        var harness = SourceHarness.Build(emulator.ConnectionString, o => o
            .ConfigureClientOptions(c => c.Version = AppConfigurationClientOptions.ServiceVersion.V2023_11_01)
            .UseFeatureFlags());

        Assert.That(harness.Flags()["Beta"], Is.EqualTo("True"));
        Assert.That(emulator.Requests.Snapshot().Select(r => r.PathAndQuery), Is.All.Contains("api-version=2023-11-01"));
    }

    [Test]
    public async Task An_unsupported_version_is_named_in_the_exception_the_status_and_the_log()
    {
        // Microsoft's container emulator answers 2026-04-01 with this 400.
        await using var store = await LoopbackStore.StartAsync(context =>
            context.Request.Query["api-version"] == "2026-04-01"
                ? LoopbackStore.ProblemAsync(context, StatusCodes.Status400BadRequest, "Unsupported API version", "api-version", "The HTTP resource that matches the request URI '/kv' does not support the API version '2026-04-01'.")
                : LoopbackStore.EmptyPageAsync(context));
        var options = TestStore.FastRetries(new AppConfigurationClientOptions(AppConfigurationClientOptions.ServiceVersion.V2026_04_01));
        var client = new AppConfigurationClient(store.ConnectionString, options);

        var e = Assert.ThrowsAsync<RequestFailedException>(() => client.GetConfigurationSettingsPageAsync(new SettingSelector()))!;
        var harness = SourceHarness.Build(store.ConnectionString, o => o
            .ConfigureClientOptions(c => c.Version = AppConfigurationClientOptions.ServiceVersion.V2026_04_01)
            .UseFeatureFlags());

        Assert.Multiple(() =>
        {
            Assert.That(e.Status, Is.EqualTo(400));
            Assert.That(e.Message, Does.Contain("does not support api-version '2026-04-01'").And.Contain("AppConfigurationClientOptions.Version"));
            Assert.That(harness.Refresher.Status.LastError, Does.Contain("does not support api-version '2026-04-01'"));
            Assert.That(harness.Logger.Lines, Has.Some.Contains("does not support api-version '2026-04-01'"));
        });
    }
}
