namespace OpenFeatureAppConfig.Emulator;

/// <summary>
/// Every request the emulator answered, in the order the answers started. Thread-safe. Keeps the latest
/// <see cref="Capacity"/> requests, so that a long-running emulator polled by clients does not grow without bound.
/// </summary>
public sealed class EmulatorRequestLog
{
    /// <summary>The most requests kept; beyond it the oldest tenth is forgotten.</summary>
    public const int Capacity = 100_000;

    private readonly Lock _gate = new();
    private readonly List<LoggedRequest> _requests = [];

    internal EmulatorRequestLog()
    {
    }

    /// <summary>The number of requests recorded since the start or the last <see cref="Clear"/>.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _requests.Count;
            }
        }
    }

    /// <summary>Forgets every recorded request.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }

    /// <summary>A copy of the requests recorded so far.</summary>
    public IReadOnlyList<LoggedRequest> Snapshot()
    {
        lock (_gate)
        {
            return [.. _requests];
        }
    }

    internal void Add(LoggedRequest request)
    {
        lock (_gate)
        {
            if (_requests.Count >= Capacity)
            {
                _requests.RemoveRange(0, Capacity / 10);
            }

            _requests.Add(request);
        }
    }
}
