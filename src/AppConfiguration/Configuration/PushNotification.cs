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

    /// <summary>
    /// The key the event is about (Event Grid's <c>data.key</c>), or <see langword="null"/> when not known. A refresh
    /// for pushes that all name their key reads only the pages that can hold those keys (one request for a toggle
    /// instead of one per page); without it, every page is checked.
    /// </summary>
    /// <exception cref="ArgumentException">The key is empty or longer than <see cref="MaxKeyLength"/> characters.</exception>
    public string? Key
    {
        get;
        init => field = value is null ? null : Checked(value, nameof(Key), allowEmpty: false);
    }

    /// <summary>The label of the key (Event Grid's <c>data.label</c>); <see langword="null"/> or empty for no label.</summary>
    /// <exception cref="ArgumentException">The label is longer than <see cref="MaxKeyLength"/> characters.</exception>
    public string? Label
    {
        get;
        init => field = string.IsNullOrEmpty(value) ? null : Checked(value, nameof(Label), allowEmpty: true);
    }

    /// <summary>The longest key or label taken (the store limits a key-value, key and label included, to 10 KB).</summary>
    public const int MaxKeyLength = 10_000;

    /// <summary>The event type, e.g. <c>Microsoft.AppConfiguration.KeyValueModified</c>.</summary>
    public string? EventType { get; init; }

    /// <summary>The store the event came from.</summary>
    public Uri? ResourceUri { get; init; }

    private static string Checked(string value, string name, bool allowEmpty)
    {
        if (!allowEmpty && value.Length == 0)
        {
            throw new ArgumentException($"The push notification's {name} is empty.", name);
        }

        return value.Length <= MaxKeyLength
            ? value
            : throw new ArgumentException($"The push notification's {name} is {value.Length} characters long; at most {MaxKeyLength} are taken.", name);
    }
}
