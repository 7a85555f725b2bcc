using OpenFeature.Constant;
using OpenFeature.Model;

namespace OpenFeature.Internal;

/// <summary>The provider in place before any is set: it returns every default value (specification 1.1.2.1 note).</summary>
internal sealed class NoOpProvider : FeatureProvider
{
    public const string NoOpName = "No-op Provider";
    public const string NoOpReason = "No-op";

    private static readonly Metadata NoOpMetadata = new(NoOpName);

    public override Metadata GetMetadata() => NoOpMetadata;

    public override Task<ResolutionDetails<bool>> ResolveBooleanValueAsync(string flagKey, bool defaultValue,
        EvaluationContext? context = null, CancellationToken cancellationToken = default) => Resolve(flagKey, defaultValue);

    public override Task<ResolutionDetails<string>> ResolveStringValueAsync(string flagKey, string defaultValue,
        EvaluationContext? context = null, CancellationToken cancellationToken = default) => Resolve(flagKey, defaultValue);

    public override Task<ResolutionDetails<int>> ResolveIntegerValueAsync(string flagKey, int defaultValue,
        EvaluationContext? context = null, CancellationToken cancellationToken = default) => Resolve(flagKey, defaultValue);

    public override Task<ResolutionDetails<double>> ResolveDoubleValueAsync(string flagKey, double defaultValue,
        EvaluationContext? context = null, CancellationToken cancellationToken = default) => Resolve(flagKey, defaultValue);

    public override Task<ResolutionDetails<Value>> ResolveStructureValueAsync(string flagKey, Value defaultValue,
        EvaluationContext? context = null, CancellationToken cancellationToken = default) => Resolve(flagKey, defaultValue);

    private static Task<ResolutionDetails<T>> Resolve<T>(string flagKey, T defaultValue) =>
        Task.FromResult(new ResolutionDetails<T>(flagKey, defaultValue, ErrorType.None, NoOpReason, NoOpReason));
}
