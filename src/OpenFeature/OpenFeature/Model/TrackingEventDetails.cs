using System.Collections;
using System.Collections.Immutable;

namespace OpenFeature.Model;

/// <summary>The data of a tracking event (specification section 6): an optional numeric value and attributes.</summary>
public sealed class TrackingEventDetails : IEnumerable<KeyValuePair<string, Value>>
{
    /// <summary>The numeric value of the event (for example an amount), or null.</summary>
    public readonly double? Value;

    internal TrackingEventDetails(Structure attributes, double? value)
    {
        Attributes = attributes;
        Value = value;
    }

    /// <summary>Details with no value and no attributes.</summary>
    public static TrackingEventDetails Empty { get; } = new(Structure.Empty, null);

    /// <summary>Starts building tracking event details.</summary>
    /// <returns>A new builder.</returns>
    public static TrackingEventDetailsBuilder Builder() => new();

    /// <summary>The number of attributes.</summary>
    public int Count => Attributes.Count;

    /// <summary>Gets the value of an attribute.</summary>
    /// <param name="key">The attribute's key.</param>
    /// <returns>The value.</returns>
    /// <exception cref="KeyNotFoundException">There is no such attribute.</exception>
    public Value GetValue(string key) => Attributes.GetValue(key);

    /// <summary>Whether there is an attribute.</summary>
    /// <param name="key">The attribute's key.</param>
    /// <returns>True when present.</returns>
    public bool ContainsKey(string key) => Attributes.ContainsKey(key);

    /// <summary>Gets the value of an attribute, if present.</summary>
    /// <param name="key">The attribute's key.</param>
    /// <param name="value">The value, or null.</param>
    /// <returns>True when present.</returns>
    public bool TryGetValue(string key, out Value? value) => Attributes.TryGetValue(key, out value);

    /// <summary>The attributes as an immutable dictionary.</summary>
    /// <returns>The attributes.</returns>
    public IImmutableDictionary<string, Value> AsDictionary() => Attributes.AsDictionary();

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, Value>> GetEnumerator() => Attributes.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal Structure Attributes { get; }
}
