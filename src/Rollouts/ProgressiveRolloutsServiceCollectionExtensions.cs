using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenFeatureAppConfig.AppConfiguration;
using OpenFeatureAppConfig.Rollouts.Internal;

namespace OpenFeatureAppConfig.Rollouts;

/// <summary>Registers the rollout executor.</summary>
public static class ProgressiveRolloutsServiceCollectionExtensions
{
    /// <summary>
    /// Runs the store's rollouts in this app: a hosted service that, while it holds the executors' lease, writes
    /// each due stage into its flag. Safe on every instance of an app: only the lease holder writes. Every
    /// <see cref="IRolloutGuard"/> registered in the services watches the running rollouts.
    /// </summary>
    /// <remarks>
    /// Without a client or connection string in the options, the executor uses the <see cref="AppConfigurationClient"/>
    /// registered in the services (the flags' own store after <c>builder.AddFeatureFlags()</c>); when the app is in
    /// fleet mode (an <see cref="ISnapshotFleet"/> is registered), the fleet's leader is the executor and no lease key
    /// is written to the store.
    /// </remarks>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the store (a client or connection string with write access) and the timing.</param>
    public static IServiceCollection AddProgressiveRollouts(this IServiceCollection services, Action<ProgressiveRolloutOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ProgressiveRolloutOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider =>
        {
            var settings = provider.GetRequiredService<IOptions<ProgressiveRolloutOptions>>().Value;
            var client = settings.Client
                ?? (settings.ConnectionString is { } connectionString ? new AppConfigurationClient(connectionString) : null)
                ?? provider.GetService<AppConfigurationClient>()
                ?? throw new InvalidOperationException(
                    "AddProgressiveRollouts needs a store: set ProgressiveRolloutOptions.Client or ConnectionString, or register an AppConfigurationClient.");
            var logger = provider.GetService<ILoggerFactory>()?.CreateLogger("OpenFeatureAppConfig.Rollouts") ?? NullLogger.Instance;

            // Fleet mode on the app's own store: the fleet's lease already elects one instance, so it also elects the executor.
            var ownStore = settings.Client is null && settings.ConnectionString is null;
            var leadership = ownStore && provider.GetService<ISnapshotFleet>() is { } fleet ? new FleetRolloutLeadership(fleet) : null;
            var clock = settings.TimeProvider ?? provider.GetRequiredService<TimeProvider>();
            return new RolloutExecutor(client, settings, clock, logger, provider.GetServices<IRolloutGuard>(), leadership);
        });
        services.AddHostedService<RolloutExecutorService>();
        return services;
    }
}
