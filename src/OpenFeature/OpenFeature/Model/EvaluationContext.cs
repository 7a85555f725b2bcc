using System.Collections;
using System.Collections.Immutable;
using System.Text.Json.Serialization;
using OpenFeature.Serialization;

namespace OpenFeature.Model;

/// <summary>
/// The immutable attributes a flag is evaluated against (specification section 3), including the optional
/// targeting key (stored as the <c>targetingKey</c> attribute).
/// </summary>
[JsonConverter(typeof(EvaluationContextJsonConverter))]
public sealed class EvaluationContext : IEnumerable<KeyValuePair<string, Value>>
{
    /// <summary>The attribute that holds the targeting key.</summary>
    internal const string TargetingKeyAttribute = "targetingKey";

    internal EvaluationContext(Structure attributes) => Attributes = attributes;

    /// <summary>An empty context.</summary>
    public static EvaluationContext Empty { get; } = new(Structure.Empty);

    /// <summary>Starts building a context.</summary>
    /// <returns>A new builder.</returns>
    public static EvaluationContextBuilder Builder() => new();

    /// <summary>The targeting key (the subject of the evaluation), or null.</summary>
    public string? TargetingKey =>
        Attributes.Attributes.TryGetValue(TargetingKeyAttribute, out var value) ? value.AsString : null;

    /// <summary>The number of attributes, the targeting key included.</summary>
    public int Count => Attributes.Count;

    /// <summary>Gets the value of an attribute.</summary>
    /// <param name="key">The attribute's key.</param>
    /// <returns>The value.</returns>
    /// <exception cref="KeyNotFoundException">The context has no such attribute.</exception>
    public Value GetValue(string key) => Attributes.GetValue(key);

    /// <summary>Whether the context has an attribute.</summary>
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
