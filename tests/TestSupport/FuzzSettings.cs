using System.Globalization;

namespace OpenFeatureAppConfig.TestSupport;

/// <summary>
/// The convention of every fuzz test: a pinned seed, so that CI is repeatable, and a small default number of
/// iterations; <c>FUZZ_SEED</c> and <c>FUZZ_ITERATIONS</c> override them for a longer or different run.
/// </summary>
internal static class FuzzSettings
{
    /// <summary><c>FUZZ_ITERATIONS</c> when set to a positive number, else <paramref name="defaultIterations"/>.</summary>
    public static int Iterations(int defaultIterations) =>
        int.TryParse(Environment.GetEnvironmentVariable("FUZZ_ITERATIONS"), NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) && iterations > 0
            ? iterations
            : defaultIterations;

    /// <summary><c>FUZZ_SEED</c> when set (a CsCheck seed, as printed by a failing run), else <paramref name="pinnedSeed"/>.</summary>
    public static string Seed(string pinnedSeed) =>
        Environment.GetEnvironmentVariable("FUZZ_SEED") is { Length: > 0 } seed ? seed : pinnedSeed;
}
