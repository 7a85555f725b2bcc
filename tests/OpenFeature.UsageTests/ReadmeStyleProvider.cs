using OpenFeature.Model;

namespace OpenFeature.UsageTests;

/// <summary>A provider shaped like the README's "Develop a provider" sample.</summary>
public class ReadmeStyleProvider : FeatureProvider
{
    public EvaluationContext? LastContext { get; private set; }

    public bool ShutDown { get; private set; }

    public override Metadata GetMetadata()
    {
        return new Metadata("My Provider");
    }

    public override Task<ResolutionDetails<bool>> ResolveBooleanValueAsync(string flagKey, bool defaultValue, EvaluationContext? context = null, CancellationToken cancellationToken = default)
    {
        LastContext = context;
        return Task.FromResult(new ResolutionDetails<bool>(flagKey, true));
    }

    public override Task<ResolutionDetails<string>> ResolveStringValueAsync(string flagKey, string defaultValue, EvaluationContext? context = null, CancellationToken cancellationToken = default)
    {
        LastContext = context;
        return Task.FromResult(new ResolutionDetails<string>(flagKey, "from-my-provider"));
    }

    public override Task<ResolutionDetails<int>> ResolveIntegerValueAsync(string flagKey, int defaultValue, EvaluationContext? context = null, CancellationToken cancellationToken = default)
    {
        return Task.FromResult(new ResolutionDetails<int>(flagKey, 42));
    }

    public override Task<ResolutionDetails<double>> ResolveDoubleValueAsync(string flagKey, double defaultValue, EvaluationContext? context = null, CancellationToken cancellationToken = default)
    {
        return Task.FromResult(new ResolutionDetails<double>(flagKey, 4.2));
    }

    public override Task<ResolutionDetails<Value>> ResolveStructureValueAsync(string flagKey, Value defaultValue, EvaluationContext? context = null, CancellationToken cancellationToken = default)
    {
        return Task.FromResult(new ResolutionDetails<Value>(flagKey, new Value("structured")));
    }

    public override Task ShutdownAsync(CancellationToken cancellationToken = default)
    {
        ShutDown = true;
        return Task.CompletedTask;
    }
}
