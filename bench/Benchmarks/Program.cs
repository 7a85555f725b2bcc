using BenchmarkDotNet.Running;

namespace OpenFeatureAppConfig.Benchmarks;

/// <summary>Entry point: <c>dotnet run -c Release --project bench/Benchmarks -- --filter '*ProviderEvaluation*'</c>.</summary>
public static class BenchmarkProgram
{
    /// <summary>Runs the benchmarks chosen on the command line.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
}
