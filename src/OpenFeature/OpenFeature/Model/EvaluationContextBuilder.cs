namespace OpenFeature.Model;

/// <summary>Builds an <see cref="EvaluationContext"/>.</summary>
public sealed class EvaluationContextBuilder
{
    private readonly AttributeAccumulator _attributes = new();

    internal EvaluationContextBuilder()
    {
    }

    /// <summary>The number of attributes set so far.</summary>
    internal int Count => _attributes.Count;

    /// <summary>Sets the targeting key.</summary>
    /// <param name="targetingKey">The targeting key.</param>
    /// <returns>This builder.</returns>
    public EvaluationContextBuilder SetTargetingKey(string targetingKey) =>
        Set(EvaluationContext.TargetingKeyAttribute, targetingKey);

    /// <summary>Sets an attribute.</summary>
    /// <param name="key">The attribute's key.</param>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    public EvaluationContextBuilder Set(string key, Value value)
    {
        _attributes.Set(key, value);
        return this;
    }

    /// <summary>Sets a string attribute.</summary>
    /// <param name="key">The attribute's key.</param>
    /// <param name="value">The string.</param>
    /// <returns>This builder.</returns>
    public EvaluationContextBuilder Set(string key, string value) => Set(key, new Value(value));

    /// <summary>Sets an integer attribute.</summary>
    /// <param name="key">The attribute's key.</param>
    /// <param name="value">The integer.</param>
    /// <returns>This builder.</returns>
    public EvaluationContextBuilder Set(string key, int value) => Set(key, new Value(value));

    /// <summary>Sets a long integer attribute (stored as a double).</summary>
    /// <param name="key">The attribute's key.</param>
    /// <param name="value">The long integer.</param>
    /// <returns>This builder.</returns>
    public EvaluationContextBuilder Set(string key, long value) => Set(key, new Value((double)value));

    /// <summary>Sets a number attribute.</summary>
    /// <param name="key">The attribute's key.</param>
    /// <param name="value">The number.</param>
    /// <returns>This builder.</returns>
    public EvaluationContextBuilder Set(string key, double value) => Set(key, new Value(value));

    /// <summary>Sets a boolean attribute.</summary>
    /// <param name="key">The attribute's key.</param>
    /// <param name="value">The boolean.</param>
    /// <returns>This builder.</returns>
    public EvaluationContextBuilder Set(string key, bool value) => Set(key, new Value(value));

    /// <summary>Sets a structure attribute.</summary>
    /// <param name="key">The attribute's key.</param>
    /// <param name="value">The structure.</param>
    /// <returns>This builder.</returns>
    public EvaluationContextBuilder Set(string key, Structure value) => Set(key, new Value(value));

    /// <summary>Sets a date-time attribute.</summary>
    /// <param name="key">The attribute's key.</param>
    /// <param name="value">The date and time.</param>
    /// <returns>This builder.</returns>
    public EvaluationContextBuilder Set(string key, DateTime value) => Set(key, new Value(value));

    /// <summary>Copies every attribute of another context into this builder; the other context's values win.</summary>
    /// <param name="context">The context to merge in.</param>
    /// <returns>This builder.</returns>
    public EvaluationContextBuilder Merge(EvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _attributes.SetAll(context.Attributes.Attributes);
        return this;
    }

    /// <summary>Builds the context; the builder can go on being used.</summary>
    /// <returns>The context.</returns>
    public EvaluationContext Build() =>
        _attributes.Count == 0 ? EvaluationContext.Empty : new EvaluationContext(_attributes.Build());
}
