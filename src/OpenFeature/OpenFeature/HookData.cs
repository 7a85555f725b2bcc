using System.Collections;
using System.Collections.Immutable;

namespace OpenFeature;

/// <summary>
/// Data a hook keeps across its stages of one evaluation (specification 4.6); each hook gets its own.
/// </summary>
public sealed class HookData : IEnumerable<KeyValuePair<string, object>>
{
    private Dictionary<string, object>? _data;

    /// <summary>Creates empty hook data.</summary>
    public HookData()
    {
    }

    /// <summary>The number of entries.</summary>
    public int Count => _data?.Count ?? 0;

    /// <summary>The keys.</summary>
    public IImmutableList<string> Keys => _data is null ? ImmutableList<string>.Empty : _data.Keys.ToImmutableList();

    /// <summary>The values.</summary>
    public IImmutableList<object> Values => _data is null ? ImmutableList<object>.Empty : _data.Values.ToImmutableList();

    /// <summary>Gets or sets an entry.</summary>
    /// <param name="key">The key.</param>
    /// <exception cref="KeyNotFoundException">Getting a key that was never set.</exception>
    public object this[string key]
    {
        get => Get(key);
        set => Set(key, value);
    }

    /// <summary>Sets an entry.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <returns>This hook data.</returns>
    public HookData Set(string key, object value)
    {
        ArgumentNullException.ThrowIfNull(key);
        (_data ??= new Dictionary<string, object>(StringComparer.Ordinal))[key] = value;
        return this;
    }

    /// <summary>Gets an entry.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The value.</returns>
    /// <exception cref="KeyNotFoundException">The key was never set.</exception>
    public object Get(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _data is not null && _data.TryGetValue(key, out var value)
            ? value
            : throw new KeyNotFoundException($"The hook data has no entry '{key}'.");
    }

    /// <summary>A read-only view of the entries.</summary>
    /// <returns>The entries.</returns>
    public IReadOnlyDictionary<string, object> AsDictionary() =>
        _data is null ? ImmutableDictionary<string, object>.Empty : _data.AsReadOnly();

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object>> GetEnumerator() =>
        (_data ?? (IEnumerable<KeyValuePair<string, object>>)ImmutableDictionary<string, object>.Empty).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
