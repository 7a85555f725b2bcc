using OpenFeature.Constant;

namespace OpenFeature.Model;

/// <summary>
/// A provider event (specification 5.2): what providers write to their event channel, and what handlers receive.
/// </summary>
public sealed class ProviderEventPayload
{
    /// <summary>The name of the provider that raised the event.</summary>
    public string? ProviderName { get; set; }

    /// <summary>The event type.</summary>
    public ProviderEventTypes Type { get; set; }

    /// <summary>A message about the event, such as an error description.</summary>
    public string? Message { get; set; }

    /// <summary>The error code of an error event.</summary>
    public ErrorType? ErrorType { get; set; }

    /// <summary>The keys of the flags that changed (configuration-changed events).</summary>
    public List<string>? FlagsChanged { get; set; }

    /// <summary>Event metadata.</summary>
    public ImmutableMetadata? EventMetadata { get; set; }
}
