using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>Registers the App Configuration services in dependency injection.</summary>
public static class AppConfigurationServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IConfigurationRefresherProvider"/>, which finds the refreshers of the App Configuration
    /// sources in the application's <see cref="Microsoft.Extensions.Configuration.IConfiguration"/>.
    /// </summary>
    public static IServiceCollection AddAzureAppConfiguration(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IConfigurationRefresherProvider, ConfigurationRefresherProvider>();
        return services;
    }
}
