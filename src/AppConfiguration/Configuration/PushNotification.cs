namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>A change notification from the store (e.g. an Event Grid <c>KeyValueModified</c> event).</summary>
public sealed class PushNotification
{
    private readonly string _syncToken = string.Empty;

    /// <summary>The event's sync token (<c>id=value;sn=n</c>); reads after it see the change.</summary>
    /// <exception cref="ArgumentException">The token is malformed or too long (the message says why); a push is
    /// untrusted input, so it is checked before anything keeps it.</exception>
    public required string SyncToken
    {
        get => _syncToken;
        init
        {
            global::OpenFeatureAppConfig.AppConfiguration.SyncToken.Parse(value, nameof(SyncToken));
            _syncToken = value;
        }
    }

    /// <summary>The event type, e.g. <c>Microsoft.AppConfiguration.KeyValueModified</c>.</summary>
    public string? EventType { get; init; }

    /// <summary>The store the event came from.</summary>
    public Uri? ResourceUri { get; init; }
}
