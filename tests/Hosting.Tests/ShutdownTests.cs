using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenFeature;
using OpenFeature.Constant;
using OpenFeatureAppConfig.Emulator;
using OpenFeatureAppConfig.Hosting.Tests.Support;

namespace OpenFeatureAppConfig.Hosting.Tests;

/// <summary>Graceful shutdown: in-flight evaluations finish, refresh loops stop, nothing throws.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class ShutdownTests
{
    [Test]
    public async Task Stopping_the_host_under_load_throws_nothing_and_evaluations_keep_answering()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        await emulator.SetFeatureFlagAsync(Flags.Boolean("Beta", true));
        var app = await TestApp.StartAsync(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:AppConfig"] = emulator.ConnectionString,
                ["FeatureFlags:RefreshInterval"] = "00:00:01",
            },
            configurePipeline: web => web.UseFeatureFlagRefresh());
        var client = app.Services.GetRequiredService<IFeatureClient>();
        Assert.That(await client.GetBooleanValueAsync("Beta", false), Is.True);

        using var stop = new CancellationTokenSource();
        var evaluations = 0;
        var errors = new List<string>();
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var details = await client.GetBooleanDetailsAsync("Beta", false);
                if (details.ErrorType is not (ErrorType.None or ErrorType.ProviderNotReady))
                {
                    lock (errors)
                    {
                        errors.Add($"{details.ErrorType}: {details.ErrorMessage}");
                    }
                }

                Interlocked.Increment(ref evaluations);
                await Task.Yield();
            }
        })).ToArray();

        await Task.Delay(300);
        Assert.DoesNotThrowAsync(async () => await app.DisposeAsync());
        var afterStop = Volatile.Read(ref evaluations);
        await Task.Delay(100);
        stop.Cancel();
        Assert.DoesNotThrowAsync(() => Task.WhenAll(workers));

        Assert.That(errors, Is.Empty);
        Assert.That(Volatile.Read(ref evaluations), Is.GreaterThan(afterStop), "evaluations after the stop still answer");
    }
}
