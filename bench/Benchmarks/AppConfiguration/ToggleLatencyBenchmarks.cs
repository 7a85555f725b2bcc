using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;
using OpenFeatureAppConfig.AppConfiguration;
using OpenFeatureAppConfig.Emulator;

namespace OpenFeatureAppConfig.Benchmarks.AppConfiguration;

/// <summary>
/// Toggle-to-visible latency: a flag is written through the REST API and the time until the application's
/// <see cref="IConfiguration"/> shows it is measured, with a background refresh loop on the real clock.
/// <c>Polling</c>: 1 s interval (target p95 under 1.2 s). <c>Push</c>: 30 s interval and a push notification with the
/// write's sync token (target p95 under 100 ms).
/// </summary>
[Config(typeof(PercentilesConfig))]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 30, invocationCount: 1)]
public class ToggleLatencyBenchmarks
{
    private const string FlagId = "Flag00042";
    private AppConfigurationEmulator _emulator = null!;
    private AppConfigurationClient _writer = null!;
    private IConfigurationRoot _root = null!;
    private IConfigurationRefresher _refresher = null!;
    private CancellationTokenSource _stop = null!;
    private Task _loop = null!;
    private bool _enabled;
    private string _enabledKey = null!;

    /// <summary>How the change reaches the application.</summary>
    [Params("Polling", "Push")]
    public string Mode { get; set; } = "Polling";

    /// <summary>Number of flags in the store.</summary>
    [Params(100, 10_000)]
    public int Flags { get; set; }

    /// <summary>Starts the store, the configuration and its background refresh loop.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _emulator = BenchmarkStore.StartWithFlagsAsync(Flags).GetAwaiter().GetResult();
        _writer = new AppConfigurationClient(_emulator.ConnectionString);
        AzureAppConfigurationOptions? options = null;
        var interval = Mode == "Push" ? TimeSpan.FromSeconds(30) : TimeSpan.FromSeconds(1);
        _root = BenchmarkStore.Build(_emulator.ConnectionString, o =>
        {
            options = o;
            o.UseFeatureFlags(ff => ff.SetRefreshInterval(interval));
        });
        _refresher = options!.GetRefresher();
        var slot = _root.GetSection("feature_management:feature_flags").GetChildren().First(f => f["id"] == FlagId);
        _enabledKey = slot.Path + ":enabled";
        _enabled = IsEnabled();
        _stop = new CancellationTokenSource();
        _loop = Task.Run(RefreshLoopAsync);
    }

    /// <summary>Stops the loop and the store.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _stop.Cancel();
        _loop.ContinueWith(_ => { }).GetAwaiter().GetResult();
        _emulator.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Toggles the flag and waits until the configuration shows the new value.</summary>
    [Benchmark]
    public async Task ToggleUntilVisible()
    {
        var target = !_enabled;
        var visible = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = ChangeToken.OnChange(_root.GetReloadToken, () =>
        {
            if (IsEnabled() == target)
            {
                visible.TrySetResult();
            }
        });
        var written = await _writer.SetConfigurationSettingAsync(BenchmarkStore.FlagSetting(FlagId, target));
        if (Mode == "Push" && written.GetRawResponse().Headers.TryGetValue("Sync-Token", out var syncToken))
        {
            _refresher.ProcessPushNotification(new PushNotification { SyncToken = syncToken });
        }

        await visible.Task.WaitAsync(TimeSpan.FromSeconds(30));
        _enabled = target;
    }

    // The flag's slot is found once: enumerating 10,000 flags per check would dominate what is measured.
    private bool IsEnabled() => _root[_enabledKey] == "True";

    private async Task RefreshLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await _refresher.WaitUntilRefreshDueAsync(_stop.Token);
                await _refresher.TryRefreshAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private sealed class PercentilesConfig : ManualConfig
    {
        public PercentilesConfig() => AddColumn(StatisticColumn.P50, StatisticColumn.P95, StatisticColumn.Max);
    }
}
