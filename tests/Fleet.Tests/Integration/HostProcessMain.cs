using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace OpenFeatureAppConfig.Fleet.Tests.Integration;

/// <summary>
/// <c>dotnet OpenFeatureAppConfig.Fleet.Tests.dll host</c>: builds a generic host with <c>AddFeatureFlags()</c> from
/// the environment's configuration (<c>ConnectionStrings__AppConfig</c>, optionally <c>ConnectionStrings__FlagFleet</c>),
/// then prints whether StackExchange.Redis was loaded and the source's fleet role. A process of its own, so that
/// nothing else loaded Redis first.
/// </summary>
internal static class HostProcessMain
{
    public static async Task<int> RunAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddFeatureFlags();
        var host = builder.Build();
        try
        {
            var refresher = host.Services.GetRequiredService<OpenFeatureAppConfig.AppConfiguration.IConfigurationRefresherProvider>().Refreshers.Single();
            var redisLoaded = AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == "StackExchange.Redis");
            Console.Out.WriteLine($"redis-loaded={redisLoaded} fleet-role={refresher.Status.Fleet?.Role.ToString() ?? "none"} flags={builder.Configuration.GetSection("feature_management:feature_flags").GetChildren().Count()}");
            return 0;
        }
        finally
        {
            await ((IAsyncDisposable)host).DisposeAsync();
        }
    }
}
