using System.Collections;
using System.Collections.Immutable;
using System.Text.Json.Serialization;
using OpenFeature.Serialization;

namespace OpenFeature.Model;

/// <summary>An immutable map of string keys to <see cref="Value"/>s.</summary>
[JsonConverter(typeof(StructureJsonConverter))]
public sealed class Structure : IEnumerable<KeyValuePair<string, Value>>
{
    private readonly Dictionary<string, Value> _attributes;
    private IImmutableDictionary<string, Value>? _immutable;

    /// <summary>Creates a structure from a copy of the given attributes.</summary>
    /// <param name="attributes">The attributes.</param>
    public Structure(IDictionary<string, Value> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        _attributes = new Dictionary<string, Value>(attributes, StringComparer.Ordinal);
    }

    /// <summary>Takes ownership of a dictionary nobody else changes.</summary>
    internal Structure(Dictionary<string, Value> owned, bool _) => _attributes = owned;

    /// <summary>An empty structure.</summary>
    public static Structure Empty { get; } = new(new Dictionary<string, Value>(0, StringComparer.Ordinal), true);

    /// <summary>Starts building a structure.</summary>
    /// <returns>A new builder.</returns>
    public static StructureBuilder Builder() => new();

    /// <summary>The number of attributes.</summary>
    public int Count => _attributes.Count;

    /// <summary>The keys, in no particular order.</summary>
    public IImmutableList<string> Keys => _attributes.Keys.ToImmutableList();

    /// <summary>The values, in no particular order.</summary>
    public IImmutableList<Value> Values => _attributes.Values.ToImmutableList();

    /// <summary>The value of a key.</summary>
    /// <param name="key">The key.</param>
    /// <exception cref="KeyNotFoundException">The structure has no such key.</exception>
    public Value this[string key] => GetValue(key);

    /// <summary>Whether the structure has a key.</summary>
    /// <param name="key">The key.</param>
    /// <returns>True when present.</returns>
    public bool ContainsKey(string key) => _attributes.ContainsKey(key);

    /// <summary>Gets the value of a key.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The value.</returns>
    /// <exception cref="KeyNotFoundException">The structure has no such key.</exception>
    public Value GetValue(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _attributes.TryGetValue(key, out var value)
            ? value
            : throw new KeyNotFoundException($"The structure has no attribute '{key}'.");
    }

    /// <summary>Gets the value of a key, if present.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, or null.</param>
    /// <returns>True when present.</returns>
    public bool TryGetValue(string key, out Value? value) => _attributes.TryGetValue(key, out value);

    /// <summary>The attributes as an immutable dictionary.</summary>
    /// <returns>The attributes.</returns>
    public IImmutableDictionary<string, Value> AsDictionary() =>
        _immutable ??= _attributes.ToImmutableDictionary(StringComparer.Ordinal);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, Value>> GetEnumerator() => _attributes.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The attributes, for allocation-free reads inside the SDK.</summary>
    internal Dictionary<string, Value> Attributes => _attributes;

    internal bool ContentEquals(Structure other)
    {
        if (_attributes.Count != other._attributes.Count)
        {
            return false;
        }

        foreach (var (key, value) in _attributes)
        {
            if (!other._attributes.TryGetValue(key, out var otherValue) || !value.Equals(otherValue))
            {
                return false;
            }
        }

        return true;
    }

    internal int ContentHashCode()
    {
        // Order-independent: XOR of the per-entry hashes.
        var hash = 0;
        foreach (var (key, value) in _attributes)
        {
            hash ^= HashCode.Combine(key, value);
        }

        return hash;
    }
}
