using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace OpenFeatureAppConfig.Provider.Internal;

/// <summary>
/// An immutable map of case-insensitive keys that a change copies in proportion to what it changes rather than to its
/// size: a base dictionary shared with the maps made from it, and a layer of changes over it (copied per change). The
/// layer is folded into a new base once it holds about √(2n) keys, which balances the two copies: a change of one key
/// among n costs O(√n) amortized (about 140 entries at 10,000 instead of a copy of all 10,000, a large object the
/// garbage collector keeps long). Readers on other threads see a map that never changes.
/// </summary>
internal sealed class LayeredMap<T> : IEnumerable<KeyValuePair<string, T>>
    where T : class
{
    private static readonly Dictionary<string, T?> NoLayer = new(StringComparer.OrdinalIgnoreCase);

    private readonly Dictionary<string, T> _base;

    // Over the base: a value replaces or adds the key; null removes it.
    private readonly Dictionary<string, T?> _layer;

    private LayeredMap(Dictionary<string, T> @base, Dictionary<string, T?> layer, int count)
    {
        _base = @base;
        _layer = layer;
        Count = count;
    }

    public int Count { get; }

    public IEnumerable<string> Keys => this.Select(pair => pair.Key);

    public IEnumerable<T> Values => this.Select(pair => pair.Value);

    /// <summary>A map of <paramref name="whole"/>, which must not be written afterwards (case-insensitive keys).</summary>
    public static LayeredMap<T> Of(Dictionary<string, T> whole) => new(whole, NoLayer, whole.Count);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out T value)
    {
        if (_layer.Count > 0 && _layer.TryGetValue(key, out var layered))
        {
            value = layered;
            return layered is not null;
        }

        return _base.TryGetValue(key, out value);
    }

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public T this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    /// <summary>
    /// This map with <paramref name="changes"/> (null: removed); a changed key is then spelled as the change spells it.
    /// </summary>
    public LayeredMap<T> With(IEnumerable<KeyValuePair<string, T?>> changes)
    {
        var layer = new Dictionary<string, T?>(_layer, StringComparer.OrdinalIgnoreCase);
        var count = Count;
        foreach (var (key, value) in changes)
        {
            count += (value is null ? 0 : 1) - (ContainsKey(key) ? 1 : 0);
            layer.Remove(key);
            if (value is not null || _base.ContainsKey(key))
            {
                layer[key] = value;
            }
        }

        return layer.Count > Math.Max(16, (int)Math.Sqrt(2.0 * _base.Count)) ? Fold(layer, count) : new LayeredMap<T>(_base, layer, count);
    }

    public IEnumerator<KeyValuePair<string, T>> GetEnumerator()
    {
        foreach (var pair in _base)
        {
            if (_layer.Count == 0 || !_layer.ContainsKey(pair.Key))
            {
                yield return pair;
            }
        }

        foreach (var (key, value) in _layer)
        {
            if (value is not null)
            {
                yield return new(key, value);
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private LayeredMap<T> Fold(Dictionary<string, T?> layer, int count)
    {
        var folded = new Dictionary<string, T>(_base, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in layer)
        {
            folded.Remove(key);
            if (value is not null)
            {
                folded[key] = value;
            }
        }

        return new LayeredMap<T>(folded, NoLayer, count);
    }
}
