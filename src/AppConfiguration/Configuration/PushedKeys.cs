namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// The keys the pushes since the last refresh for a push named. That refresh then reads only the pages that can hold
/// them (<see cref="StoreReader.ReadPushedAsync"/>); once a push names no key, or more keys come than a few page
/// reads are worth, it checks every page as before. Not thread-safe: the poller holds its schedule lock.
/// </summary>
internal sealed class PushedKeys
{
    private const int MaxKeys = 16;

    // Null: some push named no key (or too many came); the refresh checks everything.
    private HashSet<(string Key, string? Label)>? _keys = [];

    public void Add(PushNotification notification)
    {
        if (_keys is null)
        {
            return;
        }

        if (notification.Key is not { } key || (_keys.Count == MaxKeys && !_keys.Contains((key, notification.Label))))
        {
            _keys = null;
            return;
        }

        _keys.Add((key, notification.Label));
    }

    /// <summary>The keys named since the last take (null: check everything), and starts over.</summary>
    public IReadOnlyCollection<(string Key, string? Label)>? Take()
    {
        var keys = _keys;
        _keys = [];
        return keys is { Count: > 0 } ? keys : null;
    }
}
