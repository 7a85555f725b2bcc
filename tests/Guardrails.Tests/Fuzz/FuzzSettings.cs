namespace OpenFeatureAppConfig.Guardrails.Tests.Fuzz;

/// <summary>
/// The shared fuzz convention: a pinned seed so CI is repeatable; <c>FUZZ_ITERATIONS</c> and <c>FUZZ_SEED</c> for a longer or different run.
/// </summary>
internal static class FuzzSettings
{
    private const string PinnedSeed = "1xn1HwIbwfUS";

    public static string Seed => Environment.GetEnvironmentVariable("FUZZ_SEED") is { Length: > 0 } seed ? seed : PinnedSeed;

    public static long Iterations(long byDefault) =>
        long.TryParse(Environment.GetEnvironmentVariable("FUZZ_ITERATIONS"), out var iterations) && iterations > 0 ? iterations : byDefault;
}
