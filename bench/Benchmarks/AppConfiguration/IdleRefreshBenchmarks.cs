using BenchmarkDotNet.Attributes;
using OpenFeatureAppConfig.AppConfiguration;
using OpenFeatureAppConfig.Emulator;

namespace OpenFeatureAppConfig.Benchmarks.AppConfiguration;

/// <summary>
/// One idle refresh (nothing changed) of a configuration holding 10,000 flags: time and allocations here, requests and
/// response bytes printed once in the setup as "Idle refresh:".
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class IdleRefreshBenchmarks
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    private AppConfigurationEmulator _emulator = null!;
    private IConfigurationRefresher _refresher = null!;
    private ManualClock _clock = null!;

    /// <summary>Number of flags in the store.</summary>
    [Params(10_000)]
    public int Flags { get; set; }

    /// <summary>Loads the flags, then counts what one idle refresh costs on the wire.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _emulator = BenchmarkStore.StartWithFlagsAsync(Flags).GetAwaiter().GetResult();
        _clock = new ManualClock(DateTimeOffset.UtcNow);
        AzureAppConfigurationOptions? options = null;
        BenchmarkStore.Build(_emulator.ConnectionString, o =>
        {
            options = o;
            o.TimeProvider = _clock;
            o.UseFeatureFlags(ff => ff.SetRefreshInterval(Interval));
        });
        _refresher = options!.GetRefresher();
        _emulator.Requests.Clear();
        IdleRefresh().GetAwaiter().GetResult();
        var requests = _emulator.Requests.Snapshot();
        Console.WriteLine($"// Idle refresh: {requests.Count} requests, statuses {string.Join(",", requests.Select(r => r.StatusCode).Distinct())}, {requests.Sum(r => r.ResponseBodyBytes)} response body bytes.");
    }

    /// <summary>Stops the emulator.</summary>
    [GlobalCleanup]
    public void Cleanup() => _emulator.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Moves past the interval and refreshes: one conditional request per page, all 304.</summary>
    [Benchmark]
    public Task IdleRefresh()
    {
        _clock.Advance(Interval + TimeSpan.FromSeconds(10));
        return _refresher.RefreshAsync();
    }
}
