using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Hosting;
using OpenFeatureAppConfig.AppConfiguration;

namespace OpenFeatureAppConfig.Hosting.Internal;

/// <summary>
/// Adds the flag store chosen by <see cref="FeatureFlagsOptions"/> to the application's configuration: above the
/// appsettings files, below environment variables and command-line arguments, so an operator's override still wins.
/// </summary>
internal static class FlagStoreConnector
{
    /// <summary>Connects the store the options name; answers its kind and, for App Configuration, how it was reached.</summary>
    public static (FlagStoreKind Kind, StoreConnection? Store) Connect(IHostApplicationBuilder builder, FeatureFlagsOptions options, string sectionName, DeferredLoggerFactory loggerFactory)
    {
        var connectionString = options.ConnectionString;
        var connectionStringSetting = $"{sectionName}:{nameof(FeatureFlagsOptions.ConnectionString)}";
        if (string.IsNullOrWhiteSpace(connectionString) && !string.IsNullOrWhiteSpace(options.ConnectionStringName))
        {
            connectionString = builder.Configuration.GetConnectionString(options.ConnectionStringName);
            connectionStringSetting = $"ConnectionStrings:{options.ConnectionStringName}";
        }

        var hasConnectionString = !string.IsNullOrWhiteSpace(connectionString);
        if (!string.IsNullOrWhiteSpace(options.File))
        {
            if (hasConnectionString || options.Endpoint is not null)
            {
                throw new InvalidOperationException(
                    $"Both {sectionName}:{nameof(FeatureFlagsOptions.File)} and an App Configuration store " +
                    $"({(hasConnectionString ? connectionStringSetting : $"{sectionName}:{nameof(FeatureFlagsOptions.Endpoint)}")}) " +
                    "are set; set only one of them.");
            }

            AddFile(builder, options.File, sectionName);
            return (FlagStoreKind.File, null);
        }

        if (hasConnectionString)
        {
            var store = ResolveStore(connectionString!, connectionStringSetting, options.Credential);
            Insert(builder, sectionName, o => ApplyStore(o, store, connectionStringSetting), StoreIdentity(connectionString!), options, loggerFactory);
            return (FlagStoreKind.AppConfiguration, store);
        }

        if (options.Endpoint is { } endpoint)
        {
            var store = StoreConnection.WithCredential(endpoint, options.Credential ?? new DefaultAzureCredential());
            Insert(builder, sectionName, store.Apply, endpoint.ToString(), options, loggerFactory);
            return (FlagStoreKind.AppConfiguration, store);
        }

        return (FlagStoreKind.Configuration, null);
    }

    private static void ApplyStore(AzureAppConfigurationOptions options, StoreConnection store, string setting)
    {
        try
        {
            store.Apply(options);
        }
        catch (ArgumentException e)
        {
            // The client's message names the faulty part without the secret; say which setting holds it.
            throw new InvalidOperationException($"The connection string {setting} is malformed: {e.Message}", e);
        }
    }

    private static StoreConnection ResolveStore(string connectionString, string setting, TokenCredential? credential)
    {
        var trimmed = connectionString.Trim();
        if (Uri.TryCreate(trimmed, UriKind.Absolute, out var bareEndpoint) && !trimmed.Contains(';', StringComparison.Ordinal))
        {
            return StoreConnection.WithCredential(bareEndpoint, credential ?? new DefaultAzureCredential());
        }

        var segments = trimmed.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var hasKey = segments.Any(s => s.StartsWith("Id=", StringComparison.OrdinalIgnoreCase))
            || segments.Any(s => s.StartsWith("Secret=", StringComparison.OrdinalIgnoreCase));
        if (hasKey)
        {
            return StoreConnection.WithAccessKey(trimmed);
        }

        // Endpoint only: Microsoft Entra ID through the credential (managed identity, az login, ...).
        var endpointSegment = segments.FirstOrDefault(s => s.StartsWith("Endpoint=", StringComparison.OrdinalIgnoreCase));
        if (endpointSegment is null || !Uri.TryCreate(endpointSegment["Endpoint=".Length..], UriKind.Absolute, out var endpoint))
        {
            throw new InvalidOperationException(
                $"The connection string {setting} has no valid Endpoint; expected 'Endpoint=https://<store>.azconfig.io' " +
                "(with ';Id=...;Secret=...' for an access key), or the endpoint URL alone.");
        }

        return StoreConnection.WithCredential(endpoint, credential ?? new DefaultAzureCredential());
    }

    /// <summary>The store's endpoint from a connection string, without the secret (the whole string when it has no endpoint).</summary>
    private static string StoreIdentity(string connectionString) =>
        connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(s => s.StartsWith("Endpoint=", StringComparison.OrdinalIgnoreCase)) is { } endpoint
            ? endpoint["Endpoint=".Length..]
            : connectionString;

    private static void Insert(IHostApplicationBuilder builder, string sectionName, Action<AzureAppConfigurationOptions> connect, string store, FeatureFlagsOptions options, DeferredLoggerFactory loggerFactory)
    {
        var fleet = FleetConnector.JoinIfConfigured(builder, sectionName, store, options, loggerFactory);
        var staging = new ConfigurationBuilder();
        staging.AddAzureAppConfiguration(store =>
        {
            connect(store);
            if (fleet is not null)
            {
                store.JoinFleet(fleet);
            }

            store.LoggerFactory = loggerFactory;
            store.PushCoalescingInterval = options.PushCoalescingInterval;
            store.Select(options.KeyFilter);
            if (!string.IsNullOrEmpty(options.Label))
            {
                store.Select(options.KeyFilter, options.Label);
            }

            if (!string.IsNullOrEmpty(options.TrimKeyPrefix))
            {
                store.TrimKeyPrefix(options.TrimKeyPrefix);
            }

            store.UseFeatureFlags(flags =>
            {
                flags.Select(options.FlagFilter);
                if (!string.IsNullOrEmpty(options.Label))
                {
                    flags.Select(options.FlagFilter, options.Label);
                }

                flags.SetRefreshInterval(options.RefreshInterval);
            });
            store.ConfigureRefresh(refresh => refresh.RegisterAll().SetRefreshInterval(options.RefreshInterval));
            store.ConfigureStartupOptions(startup =>
            {
                startup.Timeout = options.StartupTimeout;
                startup.FailFast = options.FailFast;
            });
            if (!string.IsNullOrEmpty(options.LastKnownGoodFile))
            {
                store.UseLastKnownGoodFile(ResolvePath(builder, options.LastKnownGoodFile));
            }
        });
        InsertBelowOverrides(builder.Configuration, staging.Sources[0]);
    }

    private static void AddFile(IHostApplicationBuilder builder, string file, string sectionName)
    {
        var path = ResolvePath(builder, file);
        if (!System.IO.File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The flag file set in {sectionName}:{nameof(FeatureFlagsOptions.File)} does not exist: {path}", path);
        }

        var staging = new ConfigurationBuilder();
        staging.AddJsonFile(path, optional: false, reloadOnChange: true);
        InsertBelowOverrides(builder.Configuration, staging.Sources[0]);
    }

    private static string ResolvePath(IHostApplicationBuilder builder, string path) =>
        Path.GetFullPath(path, builder.Environment.ContentRootPath);

    private static void InsertBelowOverrides(IConfigurationBuilder configuration, IConfigurationSource source)
    {
        // The host's own prefixed environment variables come first; the overrides that matter are those after the
        // last file (appsettings.*.json, user secrets).
        var sources = configuration.Sources;
        var index = 0;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is FileConfigurationSource)
            {
                index = i + 1;
            }
        }

        while (index < sources.Count && sources[index] is not (EnvironmentVariablesConfigurationSource or CommandLineConfigurationSource))
        {
            index++;
        }

        sources.Insert(index, source);
    }
}
