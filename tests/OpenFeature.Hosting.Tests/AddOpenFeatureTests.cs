using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenFeature.Constant;
using OpenFeature.Hosting.Providers.Memory;
using OpenFeature.Model;
using OpenFeature.Providers.Memory;

namespace OpenFeature.Hosting.Tests;

/// <summary>The <c>AddOpenFeature</c> builder, run inside a real generic host.</summary>
public class AddOpenFeatureTests
{
    private static IHost BuildHost(Action<OpenFeatureBuilder> configure, Action<IServiceCollection>? services = null) =>
        new HostBuilder()
            .UseDefaultServiceProvider(options =>
            {
                options.ValidateScopes = true;
                options.ValidateOnBuild = true;
            })
            .ConfigureServices(collection =>
            {
                services?.Invoke(collection);
                collection.AddOpenFeature(builder =>
                {
                    builder.AddHostedFeatureLifecycle();
                    configure(builder);
                });
            })
            .Build();

    private static async Task<T> InScopeAsync<T>(IHost host, Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    [Test]
    public async Task AddProvider_DefaultProviderServesTheInjectedClient()
    {
        var provider = new CountingProvider("default", ("greeting", "hello"));
        using var host = BuildHost(builder => builder.AddProvider(_ => provider));
        await host.StartAsync();

        var value = await InScopeAsync(host, sp => sp.GetRequiredService<IFeatureClient>().GetStringValueAsync("greeting", "none"));

        Assert.That(value, Is.EqualTo("hello"));
        await host.StopAsync();
    }

    [Test]
    public async Task AddProvider_DomainProvidersServeTheirKeyedClients()
    {
        var alpha = new CountingProvider("alpha", ("flag", "from-alpha"));
        var beta = new CountingProvider("beta", ("flag", "from-beta"));
        string? keySeenByFactory = null;
        using var host = BuildHost(builder => builder
            .AddProvider(_ => new CountingProvider("default", ("flag", "from-default")))
            .AddProvider("alpha", (_, key) =>
            {
                keySeenByFactory = key;
                return alpha;
            })
            .AddProvider("beta", (_, _) => beta));
        await host.StartAsync();

        var (a, b, d) = await InScopeAsync(host, async sp => (
            await sp.GetRequiredKeyedService<IFeatureClient>("alpha").GetStringValueAsync("flag", "none"),
            await sp.GetRequiredKeyedService<IFeatureClient>("beta").GetStringValueAsync("flag", "none"),
            await sp.GetRequiredService<IFeatureClient>().GetStringValueAsync("flag", "none")));

        Assert.That((a, b, d), Is.EqualTo(("from-alpha", "from-beta", "from-default")));
        Assert.That(keySeenByFactory, Is.EqualTo("alpha"));
        Assert.That(host.Services.GetRequiredKeyedService<IFeatureClient>("alpha").GetMetadata().Name, Is.EqualTo("alpha"));
        await host.StopAsync();
    }

    [Test]
    public async Task AddProvider_WithOptionsPassesProviderOptionsToTheFactory()
    {
        using var host = BuildHost(builder => builder
            .AddProvider<EndpointProviderOptions>(
                sp => new CountingProvider("default", ("endpoint", sp.GetRequiredService<IOptions<EndpointProviderOptions>>().Value.Endpoint)),
                options => options.Endpoint = "https://default.example")
            .AddProvider<EndpointProviderOptions>(
                "eu",
                (sp, domain) => new CountingProvider(domain, ("endpoint", sp.GetRequiredService<IOptionsMonitor<EndpointProviderOptions>>().Get(domain).Endpoint)),
                options => options.Endpoint = "https://eu.example"));
        await host.StartAsync();

        var (byDefault, byDomain) = await InScopeAsync(host, async sp => (
            await sp.GetRequiredService<IFeatureClient>().GetStringValueAsync("endpoint", "none"),
            await sp.GetRequiredKeyedService<IFeatureClient>("eu").GetStringValueAsync("endpoint", "none")));

        Assert.That((byDefault, byDomain), Is.EqualTo(("https://default.example", "https://eu.example")));
        await host.StopAsync();
    }

    [Test]
    public async Task AddPolicyName_ChoosesWhichDomainTheUnkeyedClientUses()
    {
        using var host = BuildHost(builder => builder
            .AddProvider("alpha", (_, _) => new CountingProvider("alpha", ("flag", "from-alpha")))
            .AddProvider("beta", (_, _) => new CountingProvider("beta", ("flag", "from-beta")))
            .AddPolicyName(options => options.DefaultNameSelector = _ => "beta"));
        await host.StartAsync();

        var value = await InScopeAsync(host, sp => sp.GetRequiredService<IFeatureClient>().GetStringValueAsync("flag", "none"));

        Assert.That(value, Is.EqualTo("from-beta"));
        await host.StopAsync();
    }

    [Test]
    public void AddOpenFeature_SeveralDomainProvidersWithoutDefaultOrPolicyAreRejected()
    {
        var services = new ServiceCollection();

        Assert.That(
            () => services.AddOpenFeature(builder => builder
                .AddProvider("alpha", (_, _) => new CountingProvider("alpha"))
                .AddProvider("beta", (_, _) => new CountingProvider("beta"))),
            Throws.InstanceOf<InvalidOperationException>());
    }

    [Test]
    public async Task AddContext_SuppliesTheGlobalEvaluationContextFromTheContainer()
    {
        var provider = new CountingProvider("default", ("flag", "on"));
        using var host = BuildHost(
            builder => builder
                .AddContext((context, sp) => context.Set("tenant", sp.GetRequiredService<TenantSource>().Tenant))
                .AddContext(context => context.SetTargetingKey("service-account"))
                .AddProvider(_ => provider),
            services => services.AddSingleton(new TenantSource { Tenant = "fabrikam" }));
        await host.StartAsync();

        await InScopeAsync(host, sp => sp.GetRequiredService<IFeatureClient>().GetStringValueAsync("flag", "off"));

        Assert.That(provider.ResolvedContexts.TryDequeue(out var context), Is.True);
        Assert.That(context!.GetValue("tenant").AsString, Is.EqualTo("fabrikam"));
        Assert.That(context.TargetingKey, Is.EqualTo("service-account"));
        await host.StopAsync();
    }

    [Test]
    public async Task AddHook_RegistersHooksBuiltByTheContainerOrGiven()
    {
        var containerBuilt = new HookCounter();
        var givenCounter = new HookCounter();
        using var host = BuildHost(
            builder => builder
                .AddHook<CountingHook>()
                .AddHook("given-hook", new CountingHook(givenCounter))
                .AddProvider(_ => new CountingProvider("default", ("flag", "on"))),
            services => services.AddSingleton(containerBuilt));
        await host.StartAsync();

        await InScopeAsync(host, sp => sp.GetRequiredService<IFeatureClient>().GetStringValueAsync("flag", "off"));

        Assert.That(containerBuilt.Count, Is.EqualTo(1));
        Assert.That(givenCounter.Count, Is.EqualTo(1));
        await host.StopAsync();
    }

    [Test]
    public async Task AddHandler_RunsOnProviderEvents()
    {
        var ready = new TaskCompletionSource<ProviderEventPayload?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var fromContainer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var host = BuildHost(
            builder => builder
                .AddHandler(ProviderEventTypes.ProviderReady, payload =>
                {
                    if (payload?.ProviderName == "announced")
                    {
                        ready.TrySetResult(payload);
                    }
                })
                .AddHandler(ProviderEventTypes.ProviderReady, sp => _ => fromContainer.TrySetResult(sp.GetRequiredService<TenantSource>().Tenant))
                .AddProvider(_ => new CountingProvider("announced")),
            services => services.AddSingleton(new TenantSource()));

        await host.StartAsync();

        Assert.That((await ready.Task.WaitAsync(TimeSpan.FromSeconds(10)))?.ProviderName, Is.EqualTo("announced"));
        Assert.That(await fromContainer.Task.WaitAsync(TimeSpan.FromSeconds(10)), Is.EqualTo("contoso"));
        await host.StopAsync();
    }

    [Test]
    public async Task AddInMemoryProvider_ServesConfiguredFlagsByDefaultAndPerDomain()
    {
        using var host = BuildHost(builder => builder
            .AddInMemoryProvider(flags => flags["color"] = new Flag<string>(new Dictionary<string, string> { ["red"] = "#f00" }, "red"))
            .AddInMemoryProvider("beta", flags => flags["color"] = new Flag<string>(new Dictionary<string, string> { ["blue"] = "#00f" }, "blue")));
        await host.StartAsync();

        var (byDefault, byDomain) = await InScopeAsync(host, async sp => (
            await sp.GetRequiredService<IFeatureClient>().GetStringValueAsync("color", "none"),
            await sp.GetRequiredKeyedService<IFeatureClient>("beta").GetStringValueAsync("color", "none")));

        Assert.That((byDefault, byDomain), Is.EqualTo(("#f00", "#00f")));
        await host.StopAsync();
    }

    [Test]
    public async Task HostedLifecycle_SetsProvidersAtStartAndShutsThemDownAtStop()
    {
        var defaultProvider = new CountingProvider("default", ("flag", "on"));
        var domainProvider = new CountingProvider("domain", ("flag", "on"));
        using var host = BuildHost(builder => builder
            .AddProvider(_ => defaultProvider)
            .AddProvider("domain", (_, _) => domainProvider));
        Assert.That(defaultProvider.InitializeCount, Is.Zero, "nothing happens before the host starts");

        await host.StartAsync();
        Assert.That((defaultProvider.InitializeCount, domainProvider.InitializeCount), Is.EqualTo((1, 1)));
        Assert.That(host.Services.GetRequiredService<IFeatureClient>().ProviderStatus, Is.EqualTo(ProviderStatus.Ready));

        var client = host.Services.GetRequiredKeyedService<IFeatureClient>("domain");
        await host.StopAsync();
        Assert.That((defaultProvider.ShutdownCount, domainProvider.ShutdownCount), Is.EqualTo((1, 1)));
        Assert.That(client.ProviderStatus, Is.EqualTo(ProviderStatus.NotReady), "a client held past shutdown reports NOT_READY (spec 1.7.6)");
        Assert.That(await client.GetStringValueAsync("flag", "off"), Is.EqualTo("off"));
    }

    [Test]
    public async Task LifecycleManager_InitializesAndShutsDownWithoutTheHostedService()
    {
        var provider = new CountingProvider("manual", ("flag", "on"));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOpenFeature(builder => builder.AddProvider(_ => provider));
        await using var container = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        var lifecycle = container.GetRequiredService<IFeatureLifecycleManager>();
        Assert.That(provider.InitializeCount, Is.Zero);

        await lifecycle.EnsureInitializedAsync();
        var value = await container.GetRequiredService<IFeatureClient>().GetStringValueAsync("flag", "off");
        await lifecycle.ShutdownAsync();

        Assert.That(value, Is.EqualTo("on"));
        Assert.That((provider.InitializeCount, provider.ShutdownCount), Is.EqualTo((1, 1)));
    }

    [Test]
    public async Task HostedLifecycle_StartAndStopStatesAreConfigurable()
    {
        var provider = new CountingProvider("late", ("flag", "on"));
        var probe = new LifecycleProbe(provider);
        using var host = new HostBuilder()
            .ConfigureServices(collection =>
            {
                collection.AddHostedService(_ => probe);
                collection.AddOpenFeature(builder => builder
                    .AddHostedFeatureLifecycle(options =>
                    {
                        options.StartState = FeatureStartState.Started;
                        options.StopState = FeatureStopState.Stopped;
                    })
                    .AddProvider(_ => provider));
            })
            .Build();

        await host.StartAsync();
        var initializedAfterStart = provider.InitializeCount;
        await host.StopAsync();

        Assert.That(probe.InitializeCountDuringStart, Is.Zero, "with StartState=Started the provider is set after every StartAsync");
        Assert.That(initializedAfterStart, Is.EqualTo(1));
        Assert.That(probe.ShutdownCountDuringStop, Is.Zero, "with StopState=Stopped the provider is shut down after every StopAsync");
        Assert.That(provider.ShutdownCount, Is.EqualTo(1));
    }

    [Test]
    public async Task FeatureClient_IsUsableFromSingletonsAndBackgroundServices()
    {
        var evaluatedInBackground = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var host = BuildHost(
            builder => builder.AddProvider(_ => new CountingProvider("default", ("mode", "fast"))),
            services => services
                .AddSingleton<SingletonConsumer>()
                .AddSingleton(evaluatedInBackground)
                .AddHostedService<FlagReadingWorker>());

        await host.StartAsync();

        var fromSingleton = await host.Services.GetRequiredService<SingletonConsumer>().Client.GetStringValueAsync("mode", "slow");
        Assert.That(fromSingleton, Is.EqualTo("fast"));
        Assert.That(await evaluatedInBackground.Task.WaitAsync(TimeSpan.FromSeconds(10)), Is.EqualTo("fast"));
        await host.StopAsync();
    }

    [Test]
    public async Task Hosts_DoNotShareOpenFeatureState()
    {
        using var first = BuildHost(builder => builder.AddProvider(_ => new CountingProvider("first", ("who", "first"))));
        using var second = BuildHost(builder => builder.AddProvider(_ => new CountingProvider("second", ("who", "second"))));
        await Task.WhenAll(first.StartAsync(), second.StartAsync());

        var fromFirst = await first.Services.GetRequiredService<IFeatureClient>().GetStringValueAsync("who", "none");
        var fromSecond = await second.Services.GetRequiredService<IFeatureClient>().GetStringValueAsync("who", "none");
        await first.StopAsync();
        var secondAfterFirstStopped = await second.Services.GetRequiredService<IFeatureClient>().GetStringValueAsync("who", "none");

        Assert.That((fromFirst, fromSecond, secondAfterFirstStopped), Is.EqualTo(("first", "second", "second")));
        await second.StopAsync();
    }
}

/// <summary>Reads a flag once the host runs, the way a worker service does.</summary>
internal sealed class FlagReadingWorker : BackgroundService
{
    private readonly IFeatureClient _client;
    private readonly TaskCompletionSource<string> _result;

    public FlagReadingWorker(IFeatureClient client, TaskCompletionSource<string> result)
    {
        _client = client;
        _result = result;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        => _result.TrySetResult(await _client.GetStringValueAsync("mode", "slow", cancellationToken: stoppingToken));
}

/// <summary>A hosted service that notes how far the provider's lifecycle got when the host calls it.</summary>
internal sealed class LifecycleProbe : IHostedService
{
    private readonly CountingProvider _provider;

    public LifecycleProbe(CountingProvider provider) => _provider = provider;

    public int InitializeCountDuringStart { get; private set; } = -1;

    public int ShutdownCountDuringStop { get; private set; } = -1;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        InitializeCountDuringStart = _provider.InitializeCount;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        ShutdownCountDuringStop = _provider.ShutdownCount;
        return Task.CompletedTask;
    }
}
