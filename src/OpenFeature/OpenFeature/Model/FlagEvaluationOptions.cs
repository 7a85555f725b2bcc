using System.Collections.Immutable;

namespace OpenFeature.Model;

/// <summary>Per-invocation options of a flag evaluation: hooks and hook hints (specification 1.5, 4.2).</summary>
public sealed class FlagEvaluationOptions
{
    /// <summary>Creates options with several hooks.</summary>
    /// <param name="hooks">The invocation hooks.</param>
    /// <param name="hookHints">Hints passed to every hook.</param>
    public FlagEvaluationOptions(IImmutableList<Hook> hooks, IImmutableDictionary<string, object>? hookHints = null)
    {
        ArgumentNullException.ThrowIfNull(hooks);
        Hooks = hooks;
        HookHints = hookHints ?? ImmutableDictionary<string, object>.Empty;
    }

    /// <summary>Creates options with one hook.</summary>
    /// <param name="hook">The invocation hook.</param>
    /// <param name="hookHints">Hints passed to every hook.</param>
    public FlagEvaluationOptions(Hook hook, ImmutableDictionary<string, object>? hookHints = null)
    {
        ArgumentNullException.ThrowIfNull(hook);
        Hooks = ImmutableList.Create(hook);
        HookHints = hookHints ?? ImmutableDictionary<string, object>.Empty;
    }

    /// <summary>The invocation hooks.</summary>
    public IImmutableList<Hook> Hooks { get; }

    /// <summary>Hints passed to every hook.</summary>
    public IImmutableDictionary<string, object> HookHints { get; }
}
