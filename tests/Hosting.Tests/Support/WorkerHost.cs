using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenFeature;

namespace OpenFeatureAppConfig.Hosting.Tests.Support;

/// <summary>A worker host as an app builds one: <c>AddFeatureFlags()</c> over a store, refreshed every second, and the OpenFeature provider.</summary>
internal static class WorkerHost
{
    public static async Task<IHost> StartAsync(string storeConnectionString)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:AppConfig"] = storeConnectionString,
            ["FeatureFlags:RefreshInterval"] = "00:00:01",
        });
        builder.AddFeatureFlags();
        builder.Services.AddOpenFeature(of => of.AddFeatureManagementProvider());
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
