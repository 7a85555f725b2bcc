using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenFeature;
using OpenFeatureAppConfig.Emulator;
using OpenFeatureAppConfig.Hosting.Tests.Support;

namespace OpenFeatureAppConfig.Hosting.Tests;

/// <summary>
/// The official OpenFeature.Hosting registers IFeatureClient as scoped; singletons and background services get their
/// client from IFeatureClientFactory, with the container's scope validation on.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class FeatureClientFactoryTests
{
    [Test]
    public async Task A_singleton_and_a_background_service_evaluate_with_scope_validation_on()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        await emulator.SetFeatureFlagAsync(Flags.Boolean("Beta", true));
        await emulator.SetFeatureFlagAsync(Flags.Targeted("Rollout", 0, users: ["alice"]));
        await using var app = await TestApp.StartAsync(
            new Dictionary<string, string?> { ["ConnectionStrings:AppConfig"] = emulator.ConnectionString },
            configureServices: builder =>
            {
                builder.Host.UseDefaultServiceProvider(o => (o.ValidateScopes, o.ValidateOnBuild) = (true, true));
                HeaderAuthentication.AddTo(builder);
                builder.Services.AddSingleton<FlagReader>();
                builder.Services.AddSingleton<FlagWorker>();
                builder.Services.AddHostedService(services => services.GetRequiredService<FlagWorker>());
            },
            configurePipeline: web => web.MapGet("/singleton/{flag}", async (string flag, FlagReader reader) => (await reader.ReadAsync(flag)).ToString()));

        var worker = app.Services.GetRequiredService<FlagWorker>();
        Assert.That(await worker.FirstAnswer.WaitAsync(TimeSpan.FromSeconds(30)), Is.True, "the background service reads the store's flag");

        // A singleton's client still targets each request's user: the user travels in the transaction context.
        using var http = app.CreateClient();
        Assert.That(await TargetingTests.GetAsync(http, "/singleton/Rollout", userId: "alice"), Is.EqualTo("True"));
        Assert.That(await TargetingTests.GetAsync(http, "/singleton/Rollout", userId: "bob"), Is.EqualTo("False"));
        Assert.That(await app.Services.GetRequiredService<FlagReader>().ReadAsync("Rollout"), Is.False, "no request, no user");
    }

    /// <summary>A singleton that evaluates flags.</summary>
    private sealed class FlagReader(IFeatureClientFactory clients)
    {
        private readonly IFeatureClient _client = clients.CreateClient();

        public Task<bool> ReadAsync(string flag) => _client.GetBooleanValueAsync(flag, false);
    }

    /// <summary>A background service that evaluates a flag once the host runs.</summary>
    private sealed class FlagWorker(IFeatureClientFactory clients) : BackgroundService
    {
        private readonly IFeatureClient _client = clients.CreateClient();

        private readonly TaskCompletionSource<bool> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<bool> FirstAnswer => _first.Task;

        protected override async Task ExecuteAsync(CancellationToken stoppingToken) =>
            _first.TrySetResult(await _client.GetBooleanValueAsync("Beta", false, cancellationToken: stoppingToken));
    }
}
