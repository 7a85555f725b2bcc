using System.Collections.Concurrent;
using System.Collections.Immutable;
using OpenFeature.Constant;
using OpenFeature.Error;
using OpenFeature.Model;

namespace OpenFeature.Tests.Support;

/// <summary>
/// A provider written the way providers for the official 2.14 SDK are written (it never emits its own
/// lifecycle events), whose flags and failures each test configures, and which records what the SDK hands it.
/// </summary>
internal class TestProvider : FeatureProvider
{
    private readonly string _name;
    private readonly ConcurrentDictionary<string, ResolutionSetup> _flags = new();
    private int _initializeCount;
    private int _shutdownCount;
    private int _resolveCount;

    public TestProvider(string name = "test-provider")
    {
        _name = name;
    }

    /// <summary>Runs inside <see cref="InitializeAsync"/>; throw from it to make initialization fail.</summary>
    public Func<EvaluationContext?, CancellationToken, Task>? OnInitialize { get; set; }

    /// <summary>Runs inside <see cref="ShutdownAsync"/>.</summary>
    public Func<CancellationToken, Task>? OnShutdown { get; set; }

    /// <summary>Runs before every resolution; throw from it to make resolution fail.</summary>
    public Func<Task>? OnResolve { get; set; }

    public IImmutableList<Hook> ProviderHooks { get; set; } = ImmutableList<Hook>.Empty;

    public int InitializeCount => Volatile.Read(ref _initializeCount);

    public int ShutdownCount => Volatile.Read(ref _shutdownCount);

    public int ResolveCount => Volatile.Read(ref _resolveCount);

    public EvaluationContext? InitializationContext { get; private set; }

    public ConcurrentQueue<EvaluationContext?> ResolvedContexts { get; } = new();

    /// <summary>Stages seen by the provider, shared with hooks when a test wants one ordered log.</summary>
    public ConcurrentQueue<string>? Log { get; set; }

    public TestProvider WithFlag(string key, object value, string? variant = null, string? reason = null, ImmutableMetadata? metadata = null)
    {
        _flags[key] = new ResolutionSetup(value, variant, reason, metadata);
        return this;
    }

    public override Metadata GetMetadata() => new(_name);

    public override IImmutableList<Hook> GetProviderHooks() => ProviderHooks;

    public override async Task InitializeAsync(EvaluationContext? context, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _initializeCount);
        InitializationContext = context;
        Log?.Enqueue("provider.initialize");
        if (OnInitialize is not null)
        {
            await OnInitialize(context, cancellationToken).ConfigureAwait(false);
        }
    }

    public override async Task ShutdownAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _shutdownCount);
        Log?.Enqueue("provider.shutdown");
        if (OnShutdown is not null)
        {
            await OnShutdown(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Emits an event the way a provider does: through its event channel.</summary>
    public async Task EmitAsync(ProviderEventTypes type, ErrorType? errorType = null, string? message = null, List<string>? flagsChanged = null)
    {
        var payload = new ProviderEventPayload
        {
            Type = type,
            ProviderName = _name,
            ErrorType = errorType,
            Message = message,
            FlagsChanged = flagsChanged,
        };
        await EventChannel.Writer.WriteAsync(payload).ConfigureAwait(false);
    }

    public override Task<ResolutionDetails<bool>> ResolveBooleanValueAsync(string flagKey, bool defaultValue, EvaluationContext? context = null, CancellationToken cancellationToken = default)
        => ResolveAsync(flagKey, context);

    public override Task<ResolutionDetails<string>> ResolveStringValueAsync(string flagKey, string defaultValue, EvaluationContext? context = null, CancellationToken cancellationToken = default)
        => ResolveAsync<string>(flagKey, context);

    public override Task<ResolutionDetails<int>> ResolveIntegerValueAsync(string flagKey, int defaultValue, EvaluationContext? context = null, CancellationToken cancellationToken = default)
        => ResolveAsync<int>(flagKey, context);

    public override Task<ResolutionDetails<double>> ResolveDoubleValueAsync(string flagKey, double defaultValue, EvaluationContext? context = null, CancellationToken cancellationToken = default)
        => ResolveAsync<double>(flagKey, context);

    public override Task<ResolutionDetails<Value>> ResolveStructureValueAsync(string flagKey, Value defaultValue, EvaluationContext? context = null, CancellationToken cancellationToken = default)
        => ResolveAsync<Value>(flagKey, context);

    private Task<ResolutionDetails<bool>> ResolveAsync(string flagKey, EvaluationContext? context) => ResolveAsync<bool>(flagKey, context);

    private async Task<ResolutionDetails<T>> ResolveAsync<T>(string flagKey, EvaluationContext? context)
    {
        Interlocked.Increment(ref _resolveCount);
        ResolvedContexts.Enqueue(context);
        Log?.Enqueue("provider.resolve");
        if (OnResolve is not null)
        {
            await OnResolve().ConfigureAwait(false);
        }

        if (!_flags.TryGetValue(flagKey, out var setup))
        {
            throw new FlagNotFoundException($"flag '{flagKey}' is not defined");
        }

        if (setup.Value is not T value)
        {
            throw new TypeMismatchException($"flag '{flagKey}' holds a {setup.Value.GetType().Name}, not a {typeof(T).Name}");
        }

        return new ResolutionDetails<T>(flagKey, value, ErrorType.None, setup.Reason, setup.Variant, null, setup.Metadata);
    }

    private sealed record ResolutionSetup(object Value, string? Variant, string? Reason, ImmutableMetadata? Metadata);
}
