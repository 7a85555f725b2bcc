using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenFeature.Hosting;
using OpenFeature.Hosting.Internal;

namespace OpenFeature;

/// <summary>Adds OpenFeature to a service collection.</summary>
public static class OpenFeatureServiceCollectionExtensions
{
    /// <summary>
    /// Adds OpenFeature: an <see cref="Api"/> owned by the container (an isolated one, so that two hosts in one process
    /// share nothing; register <see cref="Api.Instance"/> as <see cref="Api"/> before this call to use the global one), the
    /// providers, hooks and handlers the builder adds, a hosted service that initializes them at start and shuts them
    /// down at stop, and <see cref="IFeatureClient"/> (also keyed by domain). The clients are transient, so
    /// singletons and background services can take them too.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures OpenFeature.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddOpenFeature(this IServiceCollection services, Action<OpenFeatureBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.TryAddSingleton(static _ => Isolated.OpenFeatureFactory.CreateIsolated());
        services.TryAddSingleton<IFeatureLifecycleManager, FeatureLifecycleManager>();
        services.AddOptions<OpenFeatureOptions>();

        var builder = new OpenFeatureBuilder(services);
        configure(builder);
        builder.AddHostedFeatureLifecycle();

        if (builder.DomainBoundProviderRegistrationCount == 0)
        {
            services.TryAddTransient(static provider => FeatureClientFactory.Create(provider, null));
            return services;
        }

        builder.Validate();
        if (!builder.IsPolicyConfigured)
        {
            // The default provider when there is one, else the first domain added.
            builder.AddPolicyName(options => options.DefaultNameSelector = static provider =>
            {
                var registered = provider.GetRequiredService<IOptions<OpenFeatureOptions>>().Value;
                return registered.HasDefaultProvider ? null : registered.ProviderNames.FirstOrDefault();
            });
        }

        services.TryAddTransient(FeatureClientFactory.CreateByPolicy);
        return services;
    }
}
