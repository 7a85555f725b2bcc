namespace OpenFeature.Model;

/// <summary>Builds <see cref="TrackingEventDetails"/>.</summary>
public sealed class TrackingEventDetailsBuilder
{
    private readonly AttributeAccumulator _attributes = new();
    private double? _value;

    internal TrackingEventDetailsBuilder()
    {
    }

    /// <summary>Sets the numeric value of the event.</summary>
    /// <param name="value">The value, or null for none.</param>
    /// <returns>This builder.</returns>
    public TrackingEventDetailsBuilder SetValue(double? value)
    {
        _value = value;
        return this;
    }

    /// <summary>Sets an attribute.</summary>
    /// <param name="key">The attribute's key.</param>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    public TrackingEventDetailsBuilder Set(string key, Value value)
    {
        _attributes.Set(key, value);
        return this;
    }

    /// <summary>Sets a string attribute.</summary>
    /// <param name="key">The attribute's key.</param>
    /// <param name="value">The string.</param>
    /// <returns>This builder.</returns>
    public TrackingEventDetailsBuilder Set(string key, string value) => Set(key, new Value(value));

    /// <summary>Sets an integer attribute.</summary>
    /// <param name="key">The attribute's key.</param>
    /// <param name="value">The integer.</param>
    /// <returns>This builder.</returns>
    public TrackingEventDetailsBuilder Set(string key, int value) => Set(key, new Value(value));

    /// <summary>Sets a long integer attribute (stored as a double).</summary>
    /// <param name="key">The attribute's key.</param>
    /// <param name="value">The long integer.</param>
    /// <returns>This builder.</returns>
    public TrackingEventDetailsBuilder Set(string key, long value) => Set(key, new Value((double)value));

    /// <summary>Sets a number attribute.</summary>
    /// <param name="key">The attribute's key.</param>
    /// <param name="value">The number.</param>
    /// <returns>This builder.</returns>
    public TrackingEventDetailsBuilder Set(string key, double value) => Set(key, new Value(value));

    /// <summary>Sets a boolean attribute.</summary>
    /// <param name="key">The attribute's key.</param>
    /// <param name="value">The boolean.</param>
    /// <returns>This builder.</returns>
    public TrackingEventDetailsBuilder Set(string key, bool value) => Set(key, new Value(value));

    /// <summary>Sets a structure attribute.</summary>
    /// <param name="key">The attribute's key.</param>
    /// <param name="value">The structure.</param>
    /// <returns>This builder.</returns>
    public TrackingEventDetailsBuilder Set(string key, Structure value) => Set(key, new Value(value));

    /// <summary>Sets a date-time attribute.</summary>
    /// <param name="key">The attribute's key.</param>
    /// <param name="value">The date and time.</param>
    /// <returns>This builder.</returns>
    public TrackingEventDetailsBuilder Set(string key, DateTime value) => Set(key, new Value(value));

    /// <summary>Copies the attributes of other details into this builder (theirs win), and their value if they have one.</summary>
    /// <param name="trackingEventDetails">The details to merge in.</param>
    /// <returns>This builder.</returns>
    public TrackingEventDetailsBuilder Merge(TrackingEventDetails trackingEventDetails)
    {
        ArgumentNullException.ThrowIfNull(trackingEventDetails);
        _value = trackingEventDetails.Value ?? _value;
        _attributes.SetAll(trackingEventDetails.Attributes.Attributes);
        return this;
    }

    /// <summary>Builds the details; the builder can go on being used.</summary>
    /// <returns>The details.</returns>
    public TrackingEventDetails Build() => new(_attributes.Build(), _value);
}
