using Microsoft.Extensions.DependencyInjection;
using Microsoft.FeatureManagement;

namespace OpenFeatureAppConfig.Hosting.Internal;

/// <summary>
/// The feature management the application already added (with its own filters); lets the targeting filter and
/// accessor be added to it without calling <c>AddFeatureManagement()</c> a second time.
/// </summary>
internal sealed class RegisteredFeatureManagement(IServiceCollection services) : IFeatureManagementBuilder
{
    public IServiceCollection Services => services;

    public IFeatureManagementBuilder AddFeatureFilter<T>()
        where T : IFeatureFilterMetadata
    {
        // Once per filter type: a second registration of the same filter would make its name ambiguous.
        if (!services.Any(d => d.ServiceType == typeof(IFeatureFilterMetadata) && d.ImplementationType == typeof(T)))
        {
            services.AddSingleton(typeof(IFeatureFilterMetadata), typeof(T));
        }

        return this;
    }

    public IFeatureManagementBuilder AddSessionManager<T>()
        where T : ISessionManager
    {
        services.AddSingleton(typeof(ISessionManager), typeof(T));
        return this;
    }
}
