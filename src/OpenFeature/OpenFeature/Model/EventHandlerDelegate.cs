namespace OpenFeature.Model;

/// <summary>A handler of provider events (specification 5.2).</summary>
/// <param name="eventDetails">The event.</param>
public delegate void EventHandlerDelegate(ProviderEventPayload? eventDetails);
