using System.Globalization;

namespace OpenFeatureAppConfig.Fleet.Tests;

/// <summary>The shared fuzz convention: a pinned seed and a small count unless FUZZ_SEED / FUZZ_ITERATIONS say otherwise.</summary>
internal static class FuzzSettings
{
    private const string PinnedSeed = "0000000000001";

    public static string Seed => Environment.GetEnvironmentVariable("FUZZ_SEED") is { Length: > 0 } seed ? seed : PinnedSeed;

    public static long Iterations =>
        long.TryParse(Environment.GetEnvironmentVariable("FUZZ_ITERATIONS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 500;
}
