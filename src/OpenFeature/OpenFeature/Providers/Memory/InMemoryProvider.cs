using OpenFeature.Constant;
using OpenFeature.Model;

namespace OpenFeature.Providers.Memory;

/// <summary>
/// A provider that serves flags held in memory: for tests, demos and defaults. <see cref="UpdateFlagsAsync"/>
/// replaces them and raises PROVIDER_CONFIGURATION_CHANGED with the keys that changed.
/// </summary>
public class InMemoryProvider : FeatureProvider
{
    private static readonly Metadata ProviderMetadata = new("InMemory");

    private volatile Dictionary<string, Flag> _flags;

    /// <summary>Creates the provider.</summary>
    /// <param name="flags">The flags by key; none when null.</param>
    public InMemoryProvider(IDictionary<string, Flag>? flags = null) => _flags = Copy(flags);

    /// <inheritdoc />
    public override Metadata GetMetadata() => ProviderMetadata;

    /// <summary>Replaces the flags and raises PROVIDER_CONFIGURATION_CHANGED with the keys added, removed or replaced.</summary>
    /// <param name="flags">The new flags by key; none when null.</param>
    /// <returns>A task that completes when the event is queued.</returns>
    public Task UpdateFlagsAsync(IDictionary<string, Flag>? flags = null)
    {
        var next = Copy(flags);
        var previous = _flags;
        _flags = next;
        var changed = new List<string>();
        foreach (var (key, flag) in next)
        {
            if (!previous.TryGetValue(key, out var old) || !ReferenceEquals(old, flag))
            {
                changed.Add(key);
            }
        }

        foreach (var key in previous.Keys)
        {
            if (!next.ContainsKey(key))
            {
                changed.Add(key);
            }
        }

        var payload = new ProviderEventPayload
        {
            ProviderName = ProviderMetadata.Name,
            Type = ProviderEventTypes.ProviderConfigurationChanged,
            Message = "The in-memory flags were updated.",
            FlagsChanged = changed,
        };

        // The channel holds one event; when nobody reads it (the provider is not bound), don't block the caller.
        return EventChannel.Writer.TryWrite(payload) ? Task.CompletedTask : WriteLaterAsync(payload);
    }

    /// <inheritdoc />
    public override Task<ResolutionDetails<bool>> ResolveBooleanValueAsync(string flagKey, bool defaultValue,
        EvaluationContext? context = null, CancellationToken cancellationToken = default) =>
        Resolve(flagKey, defaultValue, context);

    /// <inheritdoc />
    public override Task<ResolutionDetails<string>> ResolveStringValueAsync(string flagKey, string defaultValue,
        EvaluationContext? context = null, CancellationToken cancellationToken = default) =>
        Resolve(flagKey, defaultValue, context);

    /// <inheritdoc />
    public override Task<ResolutionDetails<int>> ResolveIntegerValueAsync(string flagKey, int defaultValue,
        EvaluationContext? context = null, CancellationToken cancellationToken = default) =>
        Resolve(flagKey, defaultValue, context);

    /// <inheritdoc />
    public override Task<ResolutionDetails<double>> ResolveDoubleValueAsync(string flagKey, double defaultValue,
        EvaluationContext? context = null, CancellationToken cancellationToken = default) =>
        Resolve(flagKey, defaultValue, context);

    /// <inheritdoc />
    public override Task<ResolutionDetails<Value>> ResolveStructureValueAsync(string flagKey, Value defaultValue,
        EvaluationContext? context = null, CancellationToken cancellationToken = default) =>
        Resolve(flagKey, defaultValue, context);

    private Task<ResolutionDetails<T>> Resolve<T>(string flagKey, T defaultValue, EvaluationContext? context)
    {
        if (!_flags.TryGetValue(flagKey, out var flag))
        {
            return Task.FromResult(new ResolutionDetails<T>(flagKey, defaultValue, ErrorType.FlagNotFound, Reason.Error,
                errorMessage: $"Flag '{flagKey}' was not found."));
        }

        if (flag is not Flag<T> typed)
        {
            return Task.FromResult(new ResolutionDetails<T>(flagKey, defaultValue, ErrorType.TypeMismatch, Reason.Error,
                errorMessage: $"Flag '{flagKey}' is not of type {typeof(T).Name}."));
        }

        return typed.Evaluate(flagKey, defaultValue, context);
    }

    private Task WriteLaterAsync(ProviderEventPayload payload)
    {
        // Queued writers keep their order; the event is delivered once the SDK reads the channel.
        _ = EventChannel.Writer.WriteAsync(payload).AsTask();
        return Task.CompletedTask;
    }

    private static Dictionary<string, Flag> Copy(IDictionary<string, Flag>? flags) =>
        flags is null ? new Dictionary<string, Flag>(StringComparer.Ordinal) : new Dictionary<string, Flag>(flags, StringComparer.Ordinal);
}
