using OpenFeature.Constant;
using OpenFeature.Model;

namespace OpenFeature;

/// <summary>Something provider event handlers can be attached to: the API or a client (specification 5.2).</summary>
public interface IEventBus
{
    /// <summary>Adds a handler; if the provider is already in the state the event announces, it runs at once.</summary>
    /// <param name="type">The event type.</param>
    /// <param name="handler">The handler.</param>
    void AddHandler(ProviderEventTypes type, EventHandlerDelegate handler);

    /// <summary>Removes a handler added before.</summary>
    /// <param name="type">The event type.</param>
    /// <param name="handler">The handler.</param>
    void RemoveHandler(ProviderEventTypes type, EventHandlerDelegate handler);
}
