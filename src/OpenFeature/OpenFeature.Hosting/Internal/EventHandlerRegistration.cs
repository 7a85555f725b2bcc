using OpenFeature.Constant;
using OpenFeature.Model;

namespace OpenFeature.Hosting.Internal;

/// <summary>An API-level event handler registered with AddHandler.</summary>
internal sealed record EventHandlerRegistration(ProviderEventTypes EventType, EventHandlerDelegate Handler);
