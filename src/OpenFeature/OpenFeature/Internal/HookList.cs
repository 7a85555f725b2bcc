using System.Collections.Immutable;

namespace OpenFeature.Internal;

/// <summary>
/// Adds hooks to an API's or a client's hook array. The arrays are replaced, never mutated, so an evaluation in
/// flight keeps the hooks it started with and reads them without a lock.
/// </summary>
internal static class HookList
{
    public static void Add(ref ImmutableArray<Hook> hooks, Hook hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        ImmutableInterlocked.Update(ref hooks, static (current, added) => current.Add(added), hook);
    }

    public static void AddRange(ref ImmutableArray<Hook> hooks, IEnumerable<Hook> added, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(added, parameterName);
        var array = added.ToArray();
        if (Array.IndexOf(array, null) >= 0)
        {
            throw new ArgumentException("The hooks must not contain null.", parameterName);
        }

        ImmutableInterlocked.Update(ref hooks, static (current, more) => current.AddRange(more), array);
    }
}
