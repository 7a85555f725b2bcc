namespace OpenFeatureAppConfig.Emulator;

/// <summary>Every request the emulator answered, in the order the answers finished. Thread-safe.</summary>
public sealed class EmulatorRequestLog
{
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
            _requests.Add(request);
        }
    }
}
