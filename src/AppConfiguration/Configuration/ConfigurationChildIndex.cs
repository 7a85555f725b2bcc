using Microsoft.Extensions.Configuration;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// The children of every parent path of a set of configuration keys, each list distinct (case-insensitively, the
/// first spelling met wins) and in <see cref="ConfigurationKeyComparer"/> order. Built once per key set, in one pass
/// over the keys; answers in O(log parents). Immutable.
/// </summary>
/// <remarks>
/// The pairs are exactly those the base <see cref="ConfigurationProvider.GetChildKeys"/> finds by scanning: a key
/// is a child of the null parent by its first segment, and of <c>key[..p]</c> by the segment after each ':' at p.
/// </remarks>
internal sealed class ConfigurationChildIndex
{
    public static readonly ConfigurationChildIndex Empty = new([], new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase));

    private readonly string[] _rootChildren;
    private readonly Dictionary<string, string[]> _children;

    private ConfigurationChildIndex(string[] rootChildren, Dictionary<string, string[]> children)
    {
        _rootChildren = rootChildren;
        _children = children;
    }

    /// <summary>The children of <paramref name="parentPath"/> (null: the top-level segments); empty when none.</summary>
    public IReadOnlyList<string> ChildrenOf(string? parentPath) =>
        parentPath is null ? _rootChildren : _children.TryGetValue(parentPath, out var children) ? children : [];

    public static ConfigurationChildIndex Build(IEnumerable<string> keys)
    {
        var root = new ChildSet();
        var parents = new Dictionary<string, ChildSet>(StringComparer.OrdinalIgnoreCase);
        var lookup = parents.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var key in keys)
        {
            var separator = key.IndexOf(':', StringComparison.Ordinal);
            root.Add(separator < 0 ? key.AsSpan() : key.AsSpan(0, separator));
            while (separator >= 0)
            {
                var start = separator + 1;
                var next = key.IndexOf(':', start);
                var parent = key.AsSpan(0, separator);
                if (!lookup.TryGetValue(parent, out var set))
                {
                    set = new ChildSet();
                    parents[key[..separator]] = set;
                }

                set.Add(next < 0 ? key.AsSpan(start) : key.AsSpan(start, next - start));
                separator = next;
            }
        }

        var children = new Dictionary<string, string[]>(parents.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (parent, set) in parents)
        {
            children[parent] = set.ToSortedArray();
        }

        return new ConfigurationChildIndex(root.ToSortedArray(), children);
    }

    private sealed class ChildSet
    {
        private readonly HashSet<string> _set = new(StringComparer.OrdinalIgnoreCase);

        public void Add(ReadOnlySpan<char> child)
        {
            var lookup = _set.GetAlternateLookup<ReadOnlySpan<char>>();
            if (!lookup.Contains(child))
            {
                _set.Add(child.ToString());
            }
        }

        public string[] ToSortedArray()
        {
            var array = _set.ToArray();
            Array.Sort(array, ConfigurationKeyComparer.Instance);
            return array;
        }
    }
}
