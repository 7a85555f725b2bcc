using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenFeatureAppConfig.Emulator;
using OpenFeatureAppConfig.Hosting.Tests.Support;

namespace OpenFeatureAppConfig.Hosting.Tests;

/// <summary>
/// An app that does not turn rollouts on (<c>FeatureFlags:Rollouts:Enabled</c>) pays nothing for them: no hosted
/// service, and the Rollouts assembly is never loaded (nothing else in this test process uses it).
/// </summary>
public sealed class RolloutsByConfigurationTests
{
    [Test]
    public async Task Without_the_setting_no_rollout_executor_runs_and_its_assembly_is_not_loaded()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?> { ["ConnectionStrings:AppConfig"] = emulator.ConnectionString });

        var hosted = app.Services.GetServices<IHostedService>().Select(service => service.GetType().Assembly.GetName().Name).ToList();
        var loaded = AppDomain.CurrentDomain.GetAssemblies().Select(assembly => assembly.GetName().Name).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(hosted, Is.Not.Empty, "the flags' own refresh service is there");
            Assert.That(hosted, Does.Not.Contain("OpenFeatureAppConfig.Rollouts"), "no rollout executor");
            Assert.That(loaded, Does.Not.Contain("OpenFeatureAppConfig.Rollouts"), "the Rollouts assembly is not loaded");
        });
    }
}
