using Microsoft.Extensions.Configuration;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>Adds Azure App Configuration to an <see cref="IConfigurationBuilder"/>.</summary>
public static class AzureAppConfigurationExtensions
{
    /// <summary>
    /// Adds key-values and feature flags of an App Configuration store, with refresh, as a configuration source.
    /// </summary>
    /// <example><code>
    /// builder.Configuration.AddAzureAppConfiguration(o => o
    ///     .Connect(connectionString)
    ///     .Select("App:*")
    ///     .TrimKeyPrefix("App:")
    ///     .UseFeatureFlags(ff => ff.SetRefreshInterval(TimeSpan.FromSeconds(30))));
    /// </code></example>
    public static IConfigurationBuilder AddAzureAppConfiguration(this IConfigurationBuilder builder, Action<AzureAppConfigurationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new AzureAppConfigurationOptions();
        configure(options);
        return builder.Add(new AzureAppConfigurationSource(options));
    }

    /// <summary>Adds a store by connection string, loading every key-value without a label.</summary>
    public static IConfigurationBuilder AddAzureAppConfiguration(this IConfigurationBuilder builder, string connectionString) =>
        builder.AddAzureAppConfiguration(o => o.Connect(connectionString));
}
