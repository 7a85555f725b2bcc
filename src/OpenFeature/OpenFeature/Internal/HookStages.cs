using System.Collections.Concurrent;
using System.Reflection;

namespace OpenFeature.Internal;

/// <summary>
/// Which stages a hook type overrides. A stage the type does not override is the base class's no-op, so the
/// pipeline skips calling it: the outcome is the same, and a generic virtual call per stage is saved.
/// </summary>
[Flags]
internal enum HookStages
{
    None = 0,
    Before = 1,
    After = 2,
    Error = 4,
    Finally = 8,
}

/// <summary>Finds and caches the <see cref="HookStages"/> of hook types.</summary>
internal static class HookStageCache
{
    private static readonly ConcurrentDictionary<Type, HookStages> Stages = new();

    public static HookStages Of(Hook hook) => Stages.GetOrAdd(hook.GetType(), static type =>
        (Overrides(type, nameof(Hook.BeforeAsync)) ? HookStages.Before : HookStages.None)
        | (Overrides(type, nameof(Hook.AfterAsync)) ? HookStages.After : HookStages.None)
        | (Overrides(type, nameof(Hook.ErrorAsync)) ? HookStages.Error : HookStages.None)
        | (Overrides(type, nameof(Hook.FinallyAsync)) ? HookStages.Finally : HookStages.None));

    private static bool Overrides(Type type, string stage)
    {
        for (var current = type; current is not null && current != typeof(Hook); current = current.BaseType)
        {
            var declared = current.GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly);
            foreach (var method in declared)
            {
                if (method.Name == stage && method.GetBaseDefinition().DeclaringType == typeof(Hook))
                {
                    return true;
                }
            }
        }

        return false;
    }
}

/// <summary>A hook of one evaluation, with the stages it overrides.</summary>
internal readonly struct StagedHook(Hook hook)
{
    private readonly HookStages _stages = HookStageCache.Of(hook);

    public Hook Hook { get; } = hook;

    public bool Has(HookStages stage) => (_stages & stage) != 0;
}
