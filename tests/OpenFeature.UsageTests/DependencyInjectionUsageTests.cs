using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenFeature.Hooks;
using OpenFeature.Hosting.Providers.Memory;
using OpenFeature.Providers.Memory;

namespace OpenFeature.UsageTests;

/// <summary>README: "Dependency Injection" (OpenFeature.Hosting).</summary>
[NonParallelizable]
public class DependencyInjectionUsageTests
{
    [Test]
    public async Task AddOpenFeature_WithLifecycleContextHooksAndInMemoryProvider()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddOpenFeature(featureBuilder =>
        {
            featureBuilder
                .AddHostedFeatureLifecycle()
                .AddContext((contextBuilder, serviceProvider) => contextBuilder.Set("app", "usage-tests"))
                .AddHook(serviceProvider => new LoggingHook(serviceProvider.GetRequiredService<ILogger<DependencyInjectionUsageTests>>()))
                .AddHook(new MetricsHook())
                .AddInMemoryProvider(flags => flags["welcome-banner"] = new Flag<bool>(new Dictionary<string, bool> { { "on", true } }, "on"));
        });
        using var app = builder.Build();
        await app.StartAsync();

        await using var scope = app.Services.CreateAsyncScope();
        var featureClient = scope.ServiceProvider.GetRequiredService<IFeatureClient>();
        var enabled = await featureClient.GetBooleanValueAsync("welcome-banner", false);

        Assert.That(enabled, Is.True);
        await app.StopAsync();
    }

    [Test]
    public async Task AddOpenFeature_DomainScopedProvidersWithPolicyName()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddOpenFeature(featureBuilder =>
        {
            featureBuilder
                .AddHostedFeatureLifecycle()
                .AddContext((contextBuilder, serviceProvider) => contextBuilder.SetTargetingKey("someone"))
                .AddInMemoryProvider("name1", flags => flags["which"] = new Flag<string>(new Dictionary<string, string> { { "v", "name1" } }, "v"))
                .AddInMemoryProvider("name2", flags => flags["which"] = new Flag<string>(new Dictionary<string, string> { { "v", "name2" } }, "v"))
                .AddPolicyName(options =>
                {
                    // Pick the provider the unkeyed client uses.
                    options.DefaultNameSelector = serviceProvider => "name1";
                });
        });
        using var app = builder.Build();
        await app.StartAsync();

        await using var scope = app.Services.CreateAsyncScope();
        var byPolicy = await scope.ServiceProvider.GetRequiredService<IFeatureClient>().GetStringValueAsync("which", "none");
        var byKey = await scope.ServiceProvider.GetRequiredKeyedService<IFeatureClient>("name2").GetStringValueAsync("which", "none");

        Assert.That((byPolicy, byKey), Is.EqualTo(("name1", "name2")));
        await app.StopAsync();
    }

    [Test]
    public async Task AddOpenFeature_CustomProviderFactories()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddOpenFeature(featureBuilder =>
        {
            featureBuilder
                .AddHostedFeatureLifecycle()
                .AddProvider(provider =>
                {
                    // Resolve what the provider needs, then build it.
                    var variants = new Dictionary<string, bool> { { "on", true } };
                    var flags = new Dictionary<string, Flag>
                    {
                        { "feature-key", new Flag<bool>(variants, "on") },
                    };
                    return new InMemoryProvider(flags);
                })
                .AddProvider("name1", (provider, key) =>
                {
                    var flags = new Dictionary<string, Flag>
                    {
                        { "feature-key", new Flag<bool>(new Dictionary<string, bool> { { "off", false } }, "off") },
                    };
                    return new InMemoryProvider(flags);
                });
        });
        using var app = builder.Build();
        await app.StartAsync();

        await using var scope = app.Services.CreateAsyncScope();
        var fromDefault = await scope.ServiceProvider.GetRequiredService<IFeatureClient>().GetBooleanValueAsync("feature-key", false);
        var fromDomain = await scope.ServiceProvider.GetRequiredKeyedService<IFeatureClient>("name1").GetBooleanValueAsync("feature-key", true);

        Assert.That((fromDefault, fromDomain), Is.EqualTo((true, false)));
        await app.StopAsync();
    }
}
