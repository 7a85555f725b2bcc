using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenFeatureAppConfig.AppConfiguration;
using OpenFeatureAppConfig.Fleet;

namespace OpenFeatureAppConfig.Hosting.Internal;

/// <summary>
/// Fleet mode by configuration alone: when <c>ConnectionStrings:FlagFleet</c> holds a Redis connection string, the
/// App Configuration source joins the fleet of every instance that uses the same store and selection.
/// </summary>
/// <remarks>
/// An app without fleet mode must never load StackExchange.Redis: this class touches no type of the Fleet assembly
/// except inside <see cref="Join"/>, which is not inlined, so the JIT resolves those types (and loads the Fleet and
/// Redis assemblies) only when fleet mode is on.
/// </remarks>
internal static class FleetConnector
{
    public const string ConnectionStringName = "FlagFleet";

    /// <summary>
    /// Joins the fleet if <c>ConnectionStrings:FlagFleet</c> is set (null otherwise), with the settings of
    /// <c>{sectionName}:Fleet</c>; the host disposes it on shutdown.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="sectionName">The flag store's configuration section (<c>FeatureFlags</c> by default).</param>
    /// <param name="store">What identifies the store (its endpoint, never a secret).</param>
    /// <param name="options">The selection, which is part of the fleet's identity.</param>
    /// <param name="loggerFactory">The application's loggers, once the host is built.</param>
    /// <exception cref="InvalidOperationException">A fleet setting is malformed, out of range or unknown; the message names it.</exception>
    public static ISnapshotFleet? JoinIfConfigured(IHostApplicationBuilder builder, string sectionName, string store, FeatureFlagsOptions options, ILoggerFactory loggerFactory)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        var path = $"{sectionName}:{FleetSettings.SectionName}";
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (builder.Configuration.GetSection(path).GetChildren().Any())
            {
                // Someone meant to run a fleet: polling on its own, each instance may spend the store's quota.
                StartupWarning.Register(
                    builder.Services,
                    "OpenFeatureAppConfig.Fleet",
                    "{Section} is set but ConnectionStrings:{ConnectionString} is not, so fleet mode is off and this instance polls the store itself.",
                    path,
                    ConnectionStringName);
            }

            return null;
        }

        var settings = FleetSettings.Read(builder.Configuration, path);
        var fleet = Join(connectionString, settings, path, FleetName(store, options), loggerFactory);
        builder.Services.AddSingleton(_ => fleet);
        ReportMetricsOnStart(builder.Services, fleet);
        FleetCountersConnector.Register(builder.Services, fleet);
        return fleet;
    }

    /// <summary>
    /// The fleet's default name: the store's host and a hash of the store and the selection, so that instances of
    /// different apps or selections sharing one Redis never share a snapshot.
    /// </summary>
    internal static string FleetName(string store, FeatureFlagsOptions options)
    {
        var identity = string.Join('\n', store.Trim().TrimEnd('/').ToLowerInvariant(), options.KeyFilter, options.Label, options.FlagFilter, options.TrimKeyPrefix);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..16];
        var host = Uri.TryCreate(store.Trim(), UriKind.Absolute, out var uri) ? uri.Host : "store";
        return $"{host.Replace('{', '_').Replace('}', '_')}:{hash}";
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ISnapshotFleet Join(string connectionString, FleetSettings settings, string path, string defaultFleetName, ILoggerFactory loggerFactory)
    {
        var fleet = new FleetOptions
        {
            ConnectionString = connectionString,
            FleetName = settings.FleetName ?? defaultFleetName,
            LoggerFactory = loggerFactory,
            RenewInterval = settings.RenewInterval,
        };
        fleet.InstanceId = settings.InstanceId ?? fleet.InstanceId;
        fleet.LeaseTime = settings.LeaseTime ?? fleet.LeaseTime;
        fleet.MaxAnnouncedDeltaBytes = settings.MaxAnnouncedDeltaBytes ?? fleet.MaxAnnouncedDeltaBytes;
        // Before connecting, with the names of the settings rather than of the options.
        fleet.Validate(name => $"{path}:{name}", connectionStringSetting: $"ConnectionStrings:{ConnectionStringName}");

        // Configuration sources load synchronously; a Redis that is down does not fail this (the member is standalone until it answers).
        return Task.Run(() => FleetMember.JoinAsync(fleet)).GetAwaiter().GetResult();
    }

    /// <summary>
    /// The fleet joins while the configuration is built, before the host's <see cref="IMeterFactory"/> exists: its
    /// metrics start with the host (the counters are cumulative, so the start is still counted).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ReportMetricsOnStart(IServiceCollection services, ISnapshotFleet fleet) =>
        services.AddHostedService(provider => new MetricsOnStart((FleetMember)fleet, provider.GetService<IMeterFactory>()));

    private sealed class MetricsOnStart(FleetMember fleet, IMeterFactory? meterFactory) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            fleet.EnableMetrics(meterFactory);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
