using Microsoft.Extensions.Configuration;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>Finds the App Configuration providers of the application's <see cref="IConfigurationRoot"/>.</summary>
internal sealed class ConfigurationRefresherProvider(IConfiguration configuration) : IConfigurationRefresherProvider
{
    public IEnumerable<IConfigurationRefresher> Refreshers =>
        configuration is IConfigurationRoot root ? root.Providers.OfType<IConfigurationRefresher>() : [];
}
