using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Microsoft.FeatureManagement;
using OpenFeature;
using OpenFeatureAppConfig.AppConfiguration;

namespace OpenFeatureAppConfig.FleetBench;

/// <summary>How an instance is built: the store, the fleet's Redis (null: no fleet mode), the refresh interval.</summary>
internal sealed record InstanceSpec(string StoreConnectionString, string? RedisConnectionString, TimeSpan Interval);

/// <summary>
/// One app instance, built as an app builds itself: a host with <c>AddFeatureFlags()</c>, feature management and the
/// OpenFeature provider, and <c>ConnectionStrings:AppConfig</c> / <c>ConnectionStrings:FlagFleet</c> in its
/// configuration, so it has its own configuration source, provider, refresh loop and (in fleet mode) Redis connection. A web instance also maps
/// <c>MapAppConfigurationEvents</c> on a loopback port, where the benchmark posts Event Grid notifications.
/// On every reload it reports the toggle flag's state to the <see cref="ToggleWatch"/> and checks that the fleet
/// snapshot version it serves never goes down.
/// </summary>
internal sealed class AppInstance : IAsyncDisposable
{
    public const string EventsPath = "/appconfig-events";
    private const string FlagsSection = "feature_management:feature_flags";

    private readonly IHost _host;
    private readonly IConfiguration _configuration;
    private readonly IConfigurationRefresher _refresher;
    private readonly ToggleWatch _watch;
    private readonly Lock _versionLock = new();
    private readonly string _enabledKey;
    private IDisposable? _subscription;
    private long _version;
    private int _versionObservations;
    private int _versionRegressions;

    private AppInstance(int index, IHost host, ToggleWatch watch, Uri? events)
    {
        Index = index;
        _host = host;
        _watch = watch;
        EventsEndpoint = events;
        _configuration = host.Services.GetRequiredService<IConfiguration>();
        _refresher = host.Services.GetRequiredService<IConfigurationRefresherProvider>().Refreshers.Single();
        _enabledKey = $"{FlagsSection}:{ToggleFlagIndex(_configuration)}:enabled";
    }

    public int Index { get; }

    /// <summary>The Event Grid endpoint of a web instance, else null.</summary>
    public Uri? EventsEndpoint { get; }

    public FleetRole? Role => _refresher.Status.Fleet?.Role;

    /// <summary>When the instance noticed that Redis is unreachable and began to poll the store on its own (its clock), or null.</summary>
    public DateTimeOffset? UnreachableSince => _refresher.Status.Fleet?.UnreachableSince;

    public int VersionObservations => Volatile.Read(ref _versionObservations);

    public int VersionRegressions => Volatile.Read(ref _versionRegressions);

    /// <summary>
    /// For an instance that missed a toggle: its status, then whether a refresh called directly (not by the host's
    /// refresh loop) returns and makes it serve the toggle.
    /// </summary>
    public async Task<string> DiagnoseAsync()
    {
        var before = _refresher.Status;
        var started = Stopwatch.StartNew();
        var refresh = _refresher.TryRefreshAsync();
        var returned = await Task.WhenAny(refresh, Task.Delay(TimeSpan.FromSeconds(10))) == refresh;
        var after = _refresher.Status;
        return $"role {before.Fleet?.Role}, connected {before.Fleet?.IsConnected}, state {before.State}, last load {before.LastSuccessfulLoad:HH:mm:ss.fff}, " +
            $"failures {before.ConsecutiveFailures}, toggle {ToggleEnabled}; a direct refresh {(returned ? $"returned {refresh.Result} in {started.ElapsedMilliseconds} ms" : "did not return within 10 s")}, " +
            $"last load now {after.LastSuccessfulLoad:HH:mm:ss.fff}, toggle now {ToggleEnabled}";
    }

    public bool? ToggleEnabled => bool.TryParse(_configuration[_enabledKey], out var enabled) ? enabled : null;

    public static async Task<AppInstance> StartAsync(int index, InstanceSpec spec, ToggleWatch watch, bool web, CancellationToken cancellationToken)
    {
        var (host, events) = web ? await StartWebHostAsync(spec, cancellationToken) : (await StartHostAsync(spec, cancellationToken), null);
        var instance = new AppInstance(index, host, watch, events);
        instance._subscription = ChangeToken.OnChange(instance._configuration.GetReloadToken, instance.OnReload);
        instance.OnReload();
        return instance;
    }

    /// <summary>A generic host like a worker's: <c>AddFeatureFlags()</c> and nothing else.</summary>
    public static async Task<IHost> StartHostAsync(InstanceSpec spec, CancellationToken cancellationToken)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        Configure(builder, spec);
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        _subscription?.Dispose();
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _host.StopAsync(stopping.Token);
        }
        finally
        {
            await ((IAsyncDisposable)_host).DisposeAsync();
        }
    }

    private static async Task<(IHost Host, Uri Events)> StartWebHostAsync(InstanceSpec spec, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        Configure(builder, spec);
        var app = builder.Build();
        app.MapAppConfigurationEvents(EventsPath);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(new Uri(address), EventsPath));
    }

    private static void Configure(IHostApplicationBuilder builder, InstanceSpec spec)
    {
        // Many hosts share this process: no console lifetime (it would catch Ctrl+C for each) and no log output.
        builder.Services.AddSingleton<IHostLifetime, ProcessOwnedLifetime>();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:AppConfig"] = spec.StoreConnectionString,
            ["ConnectionStrings:FlagFleet"] = spec.RedisConnectionString,
        });
        builder.AddFeatureFlags(o => o.RefreshInterval = spec.Interval);
        // As an app evaluates flags: [FeatureGate] through feature management, and the OpenFeature provider over it,
        // which indexes the flags and follows every reload (its own API instance per host, not Api.Instance).
        builder.Services.AddFeatureManagement();
        builder.Services.AddOpenFeature(openFeature => openFeature.AddFeatureManagementProvider());
    }

    /// <summary>The index of the toggle flag in the flag list (it sorts first; looked up once).</summary>
    private static int ToggleFlagIndex(IConfiguration configuration)
    {
        if (configuration[$"{FlagsSection}:0:id"] == BenchStore.ToggleFlag)
        {
            return 0;
        }

        var index = configuration.GetSection(FlagsSection).GetChildren().Select((flag, i) => (flag, i)).FirstOrDefault(f => f.flag["id"] == BenchStore.ToggleFlag);
        return index.flag is null
            ? throw new InvalidOperationException($"The instance's configuration has no flag '{BenchStore.ToggleFlag}'.")
            : int.Parse(index.flag.Key, System.Globalization.CultureInfo.InvariantCulture);
    }

    private void OnReload()
    {
        var now = Stopwatch.GetTimestamp();
        if (ToggleEnabled is { } enabled)
        {
            _watch.Current?.Observe(Index, enabled, now);
        }

        if (_refresher.Status.Fleet?.SnapshotVersion is { } version)
        {
            lock (_versionLock)
            {
                _versionObservations++;
                if (version < _version)
                {
                    _versionRegressions++;
                }
                else
                {
                    _version = version;
                }
            }
        }
    }

    /// <summary>The benchmark, not the host, decides when an instance stops.</summary>
    private sealed class ProcessOwnedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
