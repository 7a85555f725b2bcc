using Microsoft.Extensions.Configuration;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>The configuration source added by <c>AddAzureAppConfiguration</c>.</summary>
internal sealed class AzureAppConfigurationSource(AzureAppConfigurationOptions options) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        var provider = new AzureAppConfigurationProvider(options);
        options.Refresher.Attach(provider);
        return provider;
    }
}
