using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// The configuration data of a snapshot as one read-only dictionary made of parts shared between snapshots: the
/// key-values, and one dictionary per flag slot (keys <c>feature_management:feature_flags:{i}:...</c>). A toggle
/// builds the changed slot's part and shares the rest, instead of copying every key. Looks up, counts and enumerates
/// as the single case-insensitive dictionary of the same keys does; that needs the parts to be disjoint, so the
/// key-values must lie outside the <c>feature_management</c> section (<see cref="ConfigurationData.KeyValuePart.OverlapsFlags"/>).
/// </summary>
internal sealed class SnapshotDictionary : IDictionary<string, string?>
{
    private const string FlagsPrefix = FeatureFlagMapper.FeatureFlagsSection + ":";

    private readonly Dictionary<string, string?> _keyValues;
    private readonly ChunkedArray<Dictionary<string, string?>> _slots;
    private ICollection<string>? _keys;

    public SnapshotDictionary(Dictionary<string, string?> keyValues, Dictionary<string, string?>[] slots)
        : this(keyValues, ChunkedArray<Dictionary<string, string?>>.From(slots), keyValues.Count + slots.Sum(slot => slot.Count))
    {
    }

    /// <summary>Parts whose keys number <paramref name="count"/> in all (known to a patch, which need not count them again).</summary>
    public SnapshotDictionary(Dictionary<string, string?> keyValues, ChunkedArray<Dictionary<string, string?>> slots, int count)
    {
        _keyValues = keyValues;
        _slots = slots;
        Count = count;
    }

    public int Count { get; }

    public bool IsReadOnly => true;

    /// <summary>The part of the flag at <paramref name="index"/>, to share with the next snapshot.</summary>
    public Dictionary<string, string?> Slot(int index) => _slots[index];

    /// <summary>The flag parts, to share with the next snapshot where it replaces some of them.</summary>
    public ChunkedArray<Dictionary<string, string?>> Slots => _slots;

    /// <summary>The entries of a flag placed at <paramref name="index"/>, keyed as the whole data keys them.</summary>
    public static Dictionary<string, string?> SlotOf(IReadOnlyList<KeyValuePair<string, string?>> entries, int index)
    {
        var slot = new Dictionary<string, string?>(entries.Count, StringComparer.OrdinalIgnoreCase);
        FeatureFlagMapper.AddAt(entries, index, slot);
        return slot;
    }

    /// <summary>
    /// The slot a segment after <c>feature_management:feature_flags:</c> names: exactly the text
    /// <see cref="FeatureFlagMapper.AddAt"/> writes (digits, no sign, no leading zero), below <paramref name="count"/>.
    /// </summary>
    public static bool TryParseSlot(ReadOnlySpan<char> segment, int count, out int slot)
    {
        slot = -1;
        if (segment.IsEmpty || segment.Length > 10 || (segment[0] == '0' && segment.Length > 1))
        {
            return false;
        }

        foreach (var c in segment)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out slot) && slot < count;
    }

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.StartsWith(FlagsPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return _keyValues.TryGetValue(key, out value);
        }

        var rest = key.AsSpan(FlagsPrefix.Length);
        var end = rest.IndexOf(':');
        if (TryParseSlot(end < 0 ? rest : rest[..end], _slots.Count, out var slot))
        {
            return _slots[slot].TryGetValue(key, out value);
        }

        value = null;
        return false;
    }

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public string? this[string key]
    {
        get => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The key '{key}' is not in the configuration data.");
        set => throw ReadOnly();
    }

    public ICollection<string> Keys => _keys ??= [.. this.Select(pair => pair.Key)];

    public ICollection<string?> Values => [.. this.Select(pair => pair.Value)];

    public bool Contains(KeyValuePair<string, string?> item) =>
        TryGetValue(item.Key, out var value) && EqualityComparer<string?>.Default.Equals(value, item.Value);

    public void CopyTo(KeyValuePair<string, string?>[] array, int arrayIndex)
    {
        ArgumentNullException.ThrowIfNull(array);
        ArgumentOutOfRangeException.ThrowIfNegative(arrayIndex);
        if (array.Length - arrayIndex < Count)
        {
            throw new ArgumentException("The array is too small.", nameof(array));
        }

        foreach (var pair in this)
        {
            array[arrayIndex++] = pair;
        }
    }

    public IEnumerator<KeyValuePair<string, string?>> GetEnumerator()
    {
        foreach (var pair in _keyValues)
        {
            yield return pair;
        }

        foreach (var slot in _slots)
        {
            foreach (var pair in slot)
            {
                yield return pair;
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Add(string key, string? value) => throw ReadOnly();

    public void Add(KeyValuePair<string, string?> item) => throw ReadOnly();

    public bool Remove(string key) => throw ReadOnly();

    public bool Remove(KeyValuePair<string, string?> item) => throw ReadOnly();

    public void Clear() => throw ReadOnly();

    private static NotSupportedException ReadOnly() => new("The configuration data of a snapshot is read-only.");
}
