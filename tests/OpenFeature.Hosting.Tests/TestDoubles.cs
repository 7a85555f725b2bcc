using System.Collections.Concurrent;
using OpenFeature.Error;
using OpenFeature.Model;

namespace OpenFeature.Hosting.Tests;

/// <summary>A provider serving fixed string flags that counts its lifecycle calls and records contexts.</summary>
internal sealed class CountingProvider : FeatureProvider
{
    private readonly string _name;
    private readonly Dictionary<string, string> _flags;
    private int _initializeCount;
    private int _shutdownCount;

    public CountingProvider(string name, params (string Key, string Value)[] flags)
    {
        _name = name;
        _flags = flags.ToDictionary(f => f.Key, f => f.Value);
    }

    public int InitializeCount => Volatile.Read(ref _initializeCount);

    public int ShutdownCount => Volatile.Read(ref _shutdownCount);

    public ConcurrentQueue<EvaluationContext?> ResolvedContexts { get; } = new();

    public override Metadata GetMetadata() => new(_name);

    public override Task InitializeAsync(EvaluationContext? context, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _initializeCount);
        return Task.CompletedTask;
    }

    public override Task ShutdownAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _shutdownCount);
        return Task.CompletedTask;
    }

    public override Task<ResolutionDetails<string>> ResolveStringValueAsync(string flagKey, string defaultValue, EvaluationContext? context = null, CancellationToken cancellationToken = default)
    {
        ResolvedContexts.Enqueue(context);
        return _flags.TryGetValue(flagKey, out var value)
            ? Task.FromResult(new ResolutionDetails<string>(flagKey, value, Constant.ErrorType.None, null, value))
            : throw new FlagNotFoundException(flagKey);
    }

    public override Task<ResolutionDetails<bool>> ResolveBooleanValueAsync(string flagKey, bool defaultValue, EvaluationContext? context = null, CancellationToken cancellationToken = default)
        => throw new TypeMismatchException("string flags only");

    public override Task<ResolutionDetails<int>> ResolveIntegerValueAsync(string flagKey, int defaultValue, EvaluationContext? context = null, CancellationToken cancellationToken = default)
        => throw new TypeMismatchException("string flags only");

    public override Task<ResolutionDetails<double>> ResolveDoubleValueAsync(string flagKey, double defaultValue, EvaluationContext? context = null, CancellationToken cancellationToken = default)
        => throw new TypeMismatchException("string flags only");

    public override Task<ResolutionDetails<Value>> ResolveStructureValueAsync(string flagKey, Value defaultValue, EvaluationContext? context = null, CancellationToken cancellationToken = default)
        => throw new TypeMismatchException("string flags only");
}

/// <summary>Shared tally a <see cref="CountingHook"/> writes to, so a test can read what a container-built hook saw.</summary>
internal sealed class HookCounter
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Increment() => Interlocked.Increment(ref _count);
}

/// <summary>A hook that counts the evaluations it sees; the container builds it and supplies its counter.</summary>
internal sealed class CountingHook : Hook
{
    private readonly HookCounter _counter;

    public CountingHook(HookCounter counter) => _counter = counter;

    public override ValueTask AfterAsync<T>(HookContext<T> context, FlagEvaluationDetails<T> details, IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default)
    {
        _counter.Increment();
        return ValueTask.CompletedTask;
    }
}

/// <summary>Something an application registers as a singleton that needs feature flags.</summary>
internal sealed class SingletonConsumer
{
    public SingletonConsumer(IFeatureClient client) => Client = client;

    public IFeatureClient Client { get; }
}

/// <summary>Supplies the tenant for the evaluation context from the container.</summary>
internal sealed class TenantSource
{
    public string Tenant { get; init; } = "contoso";
}

/// <summary>Options a provider package would define on top of the builder's options.</summary>
internal sealed class EndpointProviderOptions : OpenFeatureOptions
{
    public string Endpoint { get; set; } = "unset";
}
