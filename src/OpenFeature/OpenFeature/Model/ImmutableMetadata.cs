using System.Collections.Immutable;

namespace OpenFeature.Model;

/// <summary>Immutable, typed metadata: flag metadata (specification 1.4.14) and event metadata (5.2.x).</summary>
public sealed class ImmutableMetadata
{
    private readonly ImmutableDictionary<string, object> _entries;

    /// <summary>Creates empty metadata.</summary>
    public ImmutableMetadata() => _entries = ImmutableDictionary<string, object>.Empty;

    /// <summary>Creates metadata from a copy of the given entries.</summary>
    /// <param name="metadata">The entries: booleans, numbers and strings.</param>
    public ImmutableMetadata(Dictionary<string, object> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        _entries = metadata.ToImmutableDictionary();
    }

    /// <summary>The number of entries.</summary>
    public int Count => _entries.Count;

    /// <summary>Whether there are no entries.</summary>
    public bool IsEmpty => _entries.IsEmpty;

    /// <summary>Gets a boolean entry.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The boolean, or null when absent or not a boolean.</returns>
    public bool? GetBool(string key) => _entries.TryGetValue(key, out var value) && value is bool b ? b : null;

    /// <summary>Gets an integer entry.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The integer, or null when absent or not an integer.</returns>
    public int? GetInt(string key) => _entries.TryGetValue(key, out var value) && value is int i ? i : null;

    /// <summary>Gets a number entry.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The number, or null when absent or not a double.</returns>
    public double? GetDouble(string key) => _entries.TryGetValue(key, out var value) && value is double d ? d : null;

    /// <summary>Gets a string entry.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The string, or null when absent or not a string.</returns>
    public string? GetString(string key) => _entries.TryGetValue(key, out var value) ? value as string : null;

    /// <summary>The entries, for the SDK's own hooks.</summary>
    internal IReadOnlyDictionary<string, object> Entries => _entries;
}
