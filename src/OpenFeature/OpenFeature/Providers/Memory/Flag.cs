using OpenFeature.Constant;
using OpenFeature.Model;

namespace OpenFeature.Providers.Memory;

/// <summary>A flag of the <see cref="InMemoryProvider"/>, of any value type.</summary>
#pragma warning disable CA1715 // The official API names this interface Flag.
public interface Flag
#pragma warning restore CA1715
{
    /// <summary>Whether the flag is disabled: evaluations return the default value with reason DISABLED.</summary>
    bool Disabled { get; }
}

/// <summary>
/// A flag of the <see cref="InMemoryProvider"/>: named variants, the default variant, and an optional function that
/// picks a variant from the evaluation context.
/// </summary>
/// <typeparam name="T">The flag's value type.</typeparam>
public sealed class Flag<T> : Flag
{
    private readonly Dictionary<string, T> _variants;
    private readonly string _defaultVariant;
    private readonly Func<EvaluationContext, string>? _contextEvaluator;
    private readonly ImmutableMetadata? _flagMetadata;
    private volatile ResolutionCache? _cache;

    /// <summary>Creates a flag.</summary>
    /// <param name="variants">The variants: name to value.</param>
    /// <param name="defaultVariant">The variant used without a context evaluator, or when it names no variant.</param>
    /// <param name="contextEvaluator">Picks a variant name from the evaluation context.</param>
    /// <param name="flagMetadata">The flag's metadata.</param>
    /// <param name="disabled">Whether the flag is disabled.</param>
    public Flag(Dictionary<string, T> variants, string defaultVariant, Func<EvaluationContext, string>? contextEvaluator = null,
        ImmutableMetadata? flagMetadata = null, bool disabled = false)
    {
        ArgumentNullException.ThrowIfNull(variants);
        ArgumentNullException.ThrowIfNull(defaultVariant);
        _variants = new Dictionary<string, T>(variants, StringComparer.Ordinal);
        _defaultVariant = defaultVariant;
        _contextEvaluator = contextEvaluator;
        _flagMetadata = flagMetadata;
        Disabled = disabled;
    }

    /// <inheritdoc />
    public bool Disabled { get; }

    /// <summary>Resolves the flag. Successful resolutions are cached per variant, so repeated evaluations allocate nothing.</summary>
    internal Task<ResolutionDetails<T>> Evaluate(string flagKey, T defaultValue, EvaluationContext? context)
    {
        if (Disabled)
        {
            return Task.FromResult(new ResolutionDetails<T>(flagKey, defaultValue, ErrorType.None, Reason.Disabled,
                flagMetadata: _flagMetadata));
        }

        var variant = _defaultVariant;
        var reason = Reason.Static;
        if (_contextEvaluator is not null)
        {
            string? picked;
            try
            {
                picked = _contextEvaluator(context ?? EvaluationContext.Empty);
            }
            catch (Exception ex)
            {
                return Task.FromResult(new ResolutionDetails<T>(flagKey, defaultValue, ErrorType.General, Reason.Error,
                    errorMessage: $"The context evaluator of flag '{flagKey}' threw: {ex.Message}"));
            }

            if (picked is not null && _variants.ContainsKey(picked))
            {
                variant = picked;
                reason = Reason.TargetingMatch;
            }
            else
            {
                reason = Reason.Default;
            }
        }

        var cache = _cache;
        if (cache is null || !ReferenceEquals(cache.FlagKey, flagKey) && !string.Equals(cache.FlagKey, flagKey, StringComparison.Ordinal))
        {
            cache = new ResolutionCache(flagKey);
            _cache = cache;
        }

        return reason switch
        {
            Reason.Static => cache.Static ??= Resolve(flagKey, variant, reason),
            Reason.Default => cache.Fallback ??= Resolve(flagKey, variant, reason),
            _ => cache.Targeted(variant, this),
        };
    }

    private Task<ResolutionDetails<T>> Resolve(string flagKey, string variant, string reason) =>
        Task.FromResult(_variants.TryGetValue(variant, out var value)
            ? new ResolutionDetails<T>(flagKey, value, ErrorType.None, reason, variant, flagMetadata: _flagMetadata)
            : new ResolutionDetails<T>(flagKey, default!, ErrorType.General, Reason.Error,
                errorMessage: $"Flag '{flagKey}' has no variant '{variant}'."));

    /// <summary>Completed resolutions of one flag key: the static one, the fallback one, and one per targeted variant.</summary>
    private sealed class ResolutionCache(string flagKey)
    {
        private readonly Lock _gate = new();
        private Dictionary<string, Task<ResolutionDetails<T>>> _targeted = new(StringComparer.Ordinal);

        public string FlagKey { get; } = flagKey;

        public Task<ResolutionDetails<T>>? Static { get; set; }

        public Task<ResolutionDetails<T>>? Fallback { get; set; }

        public Task<ResolutionDetails<T>> Targeted(string variant, Flag<T> flag)
        {
            if (_targeted.TryGetValue(variant, out var cached))
            {
                return cached;
            }

            var resolved = flag.Resolve(FlagKey, variant, Reason.TargetingMatch);
            lock (_gate)
            {
                // Copy on write: readers use the dictionary without locking.
                _targeted = new Dictionary<string, Task<ResolutionDetails<T>>>(_targeted, StringComparer.Ordinal) { [variant] = resolved };
            }

            return resolved;
        }
    }
}
