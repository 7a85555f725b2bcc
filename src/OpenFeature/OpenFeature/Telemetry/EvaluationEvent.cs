namespace OpenFeature.Telemetry;

/// <summary>A flag evaluation described for telemetry: an event name and its attributes.</summary>
public sealed class EvaluationEvent
{
    /// <summary>Creates the event.</summary>
    /// <param name="name">The event's name.</param>
    /// <param name="attributes">The event's attributes; copied.</param>
    public EvaluationEvent(string name, IDictionary<string, object?> attributes)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(attributes);
        Name = name;
        Attributes = new Dictionary<string, object?>(attributes, StringComparer.Ordinal);
    }

    /// <summary>The event's name.</summary>
    public string Name { get; }

    /// <summary>The event's attributes.</summary>
    public IReadOnlyDictionary<string, object?> Attributes { get; }
}
