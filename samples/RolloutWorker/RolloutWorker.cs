using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenFeatureAppConfig.AppConfiguration;
using OpenFeatureAppConfig.Rollouts;

namespace OpenFeatureAppConfig.Samples.RolloutWorker;

/// <summary>
/// The progressive rollout executor hosted on its own: a generic-host worker with the store's only write access, so
/// that the app instances keep <em>App Configuration Data Reader</em>. Run one (or a few: only the lease holder writes).
/// </summary>
public static class RolloutWorker
{
    /// <summary>
    /// The worker's host: <c>ConnectionStrings:AppConfig</c> is the store, either its endpoint alone (the worker's own
    /// Entra ID identity through <see cref="DefaultAzureCredential"/>, granted <em>App Configuration Data Owner</em>)
    /// or a read-write access-key connection string; the <c>Rollouts</c> section sets
    /// <see cref="ProgressiveRolloutOptions"/> (<c>PollInterval</c>, <c>LeaseDuration</c>, <c>InstanceId</c>).
    /// </summary>
    /// <param name="args">The command line (any setting, e.g. <c>--ConnectionStrings:AppConfig=...</c>).</param>
    public static HostApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        var store = builder.Configuration.GetConnectionString("AppConfig");
        if (string.IsNullOrWhiteSpace(store))
        {
            throw new InvalidOperationException(
                "Set ConnectionStrings:AppConfig to the store's endpoint (https://<store>.azconfig.io, with this worker's identity) or a read-write connection string.");
        }

        builder.Services.AddSingleton(Uri.TryCreate(store, UriKind.Absolute, out var endpoint)
            ? new AppConfigurationClient(endpoint, new DefaultAzureCredential())
            : new AppConfigurationClient(store));
        builder.Services.AddProgressiveRollouts(options => builder.Configuration.GetSection("Rollouts").Bind(options));
        return builder;
    }
}
