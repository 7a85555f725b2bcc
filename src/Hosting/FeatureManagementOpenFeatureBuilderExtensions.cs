using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;
using OpenFeature.Hosting;
using OpenFeatureAppConfig.Hosting;
using OpenFeatureAppConfig.Hosting.Internal;
using OpenFeatureAppConfig.Provider;

namespace OpenFeature;

/// <summary>Adds the Microsoft.FeatureManagement provider to an <see cref="OpenFeatureBuilder"/>.</summary>
public static class FeatureManagementOpenFeatureBuilderExtensions
{
    /// <summary>
    /// Adds <see cref="FeatureManagementProvider"/> as the default provider, over Microsoft.FeatureManagement as
    /// registered in the services (added with <c>AddFeatureManagement()</c> here unless the application already did,
    /// to keep its custom filters). Also registers an <c>ITargetingContextAccessor</c> built from the same user
    /// mapping as the per-request evaluation context (see <c>UseFeatureFlagTargeting</c>), so <c>[FeatureGate]</c>
    /// and the OpenFeature client agree, hands the provider the flag store's freshness for STALE events and the App
    /// Configuration store's change feed (so a reload reads only the flags that changed), and registers
    /// <see cref="IFeatureClientFactory"/> for singletons and background services (the injected
    /// <see cref="IFeatureClient"/> is scoped). The registered <c>IFeatureManager</c> and
    /// <c>IVariantFeatureManager</c> (and so the request snapshots behind <c>[FeatureGate]</c> and
    /// <c>&lt;feature&gt;</c>) answer a flag whose evaluation fails as disabled instead of throwing, and log it once;
    /// the provider reports the same flag as an ERROR resolution.
    /// </summary>
    /// <param name="builder">The OpenFeature builder.</param>
    /// <param name="configure">Configures the provider's options.</param>
    /// <returns>The builder.</returns>
    public static OpenFeatureBuilder AddFeatureManagementProvider(this OpenFeatureBuilder builder, Action<FeatureManagementProviderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddHttpContextAccessor();
        services.AddOptions<FeatureManagementProviderOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton<RequestTargeting>();
        services.TryAddSingleton<IFeatureClientFactory, FeatureClientFactory>();

        // Replaces any accessor registered before (WithTargeting()), so there is one mapping of users.
        services.RemoveAll<ITargetingContextAccessor>();
        var featureManagement = services.Any(d => d.ServiceType == typeof(IVariantFeatureManager))
            ? new RegisteredFeatureManagement(services)
            : services.AddFeatureManagement();
        featureManagement.WithTargeting<RequestTargetingContextAccessor>();
        GuardedFeatureManagerRegistration.Add(services);

        return builder.AddProvider(provider =>
        {
            var options = provider.GetRequiredService<IOptions<FeatureManagementProviderOptions>>().Value;
            options.SourceStatus ??= provider.GetService<FlagStoreStatus>();
            options.ChangeFeed ??= AppConfigurationChangeFeed.Find(provider.GetService<IConfiguration>());
            return FeatureManagementProvider.FromServices(GuardedFeatureManagerRegistration.ForProvider(provider), options);
        });
    }

    /// <summary>
    /// Makes the container use the global <see cref="Api.Instance"/> instead of an API of its own, so code that calls
    /// <c>Api.Instance.GetClient()</c> sees the providers, hooks and per-request context configured here. One host per
    /// process should do this (tests that run several hosts side by side leave it out).
    /// </summary>
    /// <param name="builder">The OpenFeature builder.</param>
    /// <returns>The builder.</returns>
    public static OpenFeatureBuilder UseGlobalApi(this OpenFeatureBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton(Api.Instance));
        return builder;
    }
}
