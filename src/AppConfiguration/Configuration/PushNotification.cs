namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>A change notification from the store (e.g. an Event Grid <c>KeyValueModified</c> event).</summary>
public sealed class PushNotification
{
    /// <summary>The event's sync token (<c>id=value;sn=n</c>); reads after it see the change.</summary>
    public required string SyncToken { get; init; }

    /// <summary>The event type, e.g. <c>Microsoft.AppConfiguration.KeyValueModified</c>.</summary>
    public string? EventType { get; init; }

    /// <summary>The store the event came from.</summary>
    public Uri? ResourceUri { get; init; }
}
