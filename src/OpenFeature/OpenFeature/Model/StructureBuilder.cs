namespace OpenFeature.Model;

/// <summary>Builds a <see cref="Structure"/>.</summary>
public sealed class StructureBuilder
{
    private readonly AttributeAccumulator _attributes = new();

    internal StructureBuilder()
    {
    }

    /// <summary>Sets a key to a value.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    public StructureBuilder Set(string key, Value value)
    {
        _attributes.Set(key, value);
        return this;
    }

    /// <summary>Sets a key to a string.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The string.</param>
    /// <returns>This builder.</returns>
    public StructureBuilder Set(string key, string value) => Set(key, new Value(value));

    /// <summary>Sets a key to an integer.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The integer.</param>
    /// <returns>This builder.</returns>
    public StructureBuilder Set(string key, int value) => Set(key, new Value(value));

    /// <summary>Sets a key to a long integer (stored as a double).</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The long integer.</param>
    /// <returns>This builder.</returns>
    public StructureBuilder Set(string key, long value) => Set(key, new Value((double)value));

    /// <summary>Sets a key to a number.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The number.</param>
    /// <returns>This builder.</returns>
    public StructureBuilder Set(string key, double value) => Set(key, new Value(value));

    /// <summary>Sets a key to a boolean.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The boolean.</param>
    /// <returns>This builder.</returns>
    public StructureBuilder Set(string key, bool value) => Set(key, new Value(value));

    /// <summary>Sets a key to a structure.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The structure.</param>
    /// <returns>This builder.</returns>
    public StructureBuilder Set(string key, Structure value) => Set(key, new Value(value));

    /// <summary>Sets a key to a date-time.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The date and time.</param>
    /// <returns>This builder.</returns>
    public StructureBuilder Set(string key, DateTime value) => Set(key, new Value(value));

    /// <summary>Sets a key to a list.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The items.</param>
    /// <returns>This builder.</returns>
    public StructureBuilder Set(string key, IList<Value> value) => Set(key, new Value(value));

    /// <summary>Builds the structure; the builder can go on being used.</summary>
    /// <returns>The structure.</returns>
    public Structure Build() => _attributes.Build();
}
