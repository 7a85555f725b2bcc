using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenFeature;
using OpenFeature.Model;
using OpenFeature.Providers.Memory;
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

    [Test]
    public async Task With_several_providers_the_factory_follows_the_policy_name_like_the_injected_client()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        await emulator.SetFeatureFlagAsync(Flags.Boolean("Beta", true));
        await using var app = await TestApp.StartAsync(
            new Dictionary<string, string?> { ["ConnectionStrings:AppConfig"] = emulator.ConnectionString },
            configureOpenFeature: of => of
                .AddProvider("fixed", (_, _) => FixedProvider(beta: false))
                .AddPolicyName(policy => policy.DefaultNameSelector = _ => "fixed"));

        var factory = app.Services.GetRequiredService<IFeatureClientFactory>();
        using (var scope = app.Services.CreateScope())
        {
            var injected = scope.ServiceProvider.GetRequiredService<IFeatureClient>();
            Assert.That(await injected.GetBooleanValueAsync("Beta", true), Is.False, "the policy picks the fixed provider");
        }

        Assert.That(await factory.CreateClient().GetBooleanValueAsync("Beta", true), Is.False, "the same provider as the injected client");
        Assert.That(factory.CreateClient().GetMetadata().Name, Is.EqualTo("fixed"));
        Assert.That(await factory.CreateClient("fixed").GetBooleanValueAsync("Beta", true), Is.False);
        Assert.That(await factory.CreateClient("unbound").GetBooleanValueAsync("Beta", false), Is.True, "a domain without a provider uses the default one");
    }

    [Test]
    public void Several_providers_without_a_policy_name_are_refused_by_the_official_builder()
    {
        var error = Assert.ThrowsAsync<InvalidOperationException>(() => TestApp.StartAsync(
            new Dictionary<string, string?>(),
            configureOpenFeature: of => of.AddProvider("fixed", (_, _) => FixedProvider(beta: false))));
        Assert.That(error!.Message, Does.Contain("policy"));
    }

    [Test]
    public async Task A_client_context_from_AddContext_and_the_request_user_both_reach_the_provider()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        await emulator.SetFeatureFlagAsync(Flags.Targeted("Rollout", 0, users: ["alice"]));
        var seen = new ContextRecorder();
        await using var app = await TestApp.StartAsync(
            new Dictionary<string, string?> { ["ConnectionStrings:AppConfig"] = emulator.ConnectionString },
            configureServices: builder =>
            {
                HeaderAuthentication.AddTo(builder);
                builder.Services.AddSingleton<FlagReader>();
            },
            configurePipeline: web =>
            {
                web.MapGet("/injected/{flag}", async (string flag, IFeatureClient client) => (await client.GetBooleanValueAsync(flag, false)).ToString());
                web.MapGet("/singleton/{flag}", async (string flag, FlagReader reader) => (await reader.ReadAsync(flag)).ToString());
            },
            configureOpenFeature: of => of.AddContext(context => context.SetTargetingKey("from-add-context").Set("region", "eu")).AddHook(seen));
        using var http = app.CreateClient();

        foreach (var path in new[] { "/injected/Rollout", "/singleton/Rollout" })
        {
            Assert.That(await TargetingTests.GetAsync(http, path, userId: "alice"), Is.EqualTo("True"), path);
            // The official SDK merges the transaction context over the client context (docs/provider.md).
            Assert.That(seen.Last?.TargetingKey, Is.EqualTo("alice"), path);
            Assert.That(seen.Last?.GetValue("region").AsString, Is.EqualTo("eu"), path);
        }
    }

    private static InMemoryProvider FixedProvider(bool beta) => new(new Dictionary<string, Flag>
    {
        ["Beta"] = new Flag<bool>(new Dictionary<string, bool> { ["fixed"] = beta }, "fixed"),
    });

    /// <summary>Remembers the merged evaluation context of the last evaluation.</summary>
    private sealed class ContextRecorder : Hook
    {
        public EvaluationContext? Last { get; private set; }

        public override ValueTask<EvaluationContext> BeforeAsync<T>(HookContext<T> context,
            IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default)
        {
            Last = context.EvaluationContext;
            return new(EvaluationContext.Empty);
        }
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
