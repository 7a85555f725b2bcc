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

    /// <summary>Joins the fleet if <c>ConnectionStrings:FlagFleet</c> is set (null otherwise); the host disposes it on shutdown.</summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="store">What identifies the store (its endpoint, never a secret).</param>
    /// <param name="options">The selection, which is part of the fleet's identity.</param>
    /// <param name="loggerFactory">The application's loggers, once the host is built.</param>
    public static ISnapshotFleet? JoinIfConfigured(IHostApplicationBuilder builder, string store, FeatureFlagsOptions options, ILoggerFactory loggerFactory)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return null;
        }

        var fleet = Join(connectionString, FleetName(store, options), loggerFactory);
        builder.Services.AddSingleton(_ => fleet);
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
    private static ISnapshotFleet Join(string connectionString, string fleetName, ILoggerFactory loggerFactory) =>
        // Configuration sources load synchronously; a Redis that is down does not fail this (the member is standalone until it answers).
        Task.Run(() => FleetMember.JoinAsync(new FleetOptions
        {
            ConnectionString = connectionString,
            FleetName = fleetName,
            LoggerFactory = loggerFactory,
        })).GetAwaiter().GetResult();
}
