using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Configuration;
using OpenFeatureAppConfig.AppConfiguration;
using OpenFeatureAppConfig.Emulator;

namespace OpenFeatureAppConfig.Benchmarks.AppConfiguration;

/// <summary>
/// Initial load of 10,000 feature flags from the emulator on loopback (target: under 1 s), with the memory the loaded
/// configuration keeps alive (target: under 50 MB), printed once in the setup as "Held:".
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class InitialLoadBenchmarks
{
    private AppConfigurationEmulator _emulator = null!;

    /// <summary>Number of flags in the store.</summary>
    [Params(10_000)]
    public int Flags { get; set; }

    /// <summary>Starts and seeds the emulator, and measures the memory one loaded configuration holds.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _emulator = BenchmarkStore.StartWithFlagsAsync(Flags).GetAwaiter().GetResult();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var root = BenchmarkStore.Build(_emulator.ConnectionString);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var flags = root.GetSection("feature_management:feature_flags").GetChildren().Count();
        Console.WriteLine($"// Held: {(after - before) / (1024.0 * 1024.0):F1} MB by a configuration with {flags} flags ({Flags} in the store).");
        GC.KeepAlive(root);
    }

    /// <summary>Stops the emulator.</summary>
    [GlobalCleanup]
    public void Cleanup() => _emulator.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Builds a configuration with every flag.</summary>
    [Benchmark]
    public IConfigurationRoot LoadAllFlags() => BenchmarkStore.Build(_emulator.ConnectionString);
}
