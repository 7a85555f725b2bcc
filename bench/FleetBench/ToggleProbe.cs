using System.Diagnostics;

namespace OpenFeatureAppConfig.FleetBench;

/// <summary>
/// One toggle in flight: when each instance first served the new state, and whether one went back to the old state
/// after it had served the new one.
/// </summary>
internal sealed class ToggleProbe
{
    private readonly long[] _seenAt;
    private readonly TaskCompletionSource _allSeen = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _remaining;
    private int _flipBacks;

    public ToggleProbe(bool expected, int instances)
    {
        Expected = expected;
        _seenAt = new long[instances];
        _remaining = instances;
        StartedAt = Stopwatch.GetTimestamp();
    }

    public bool Expected { get; }

    public long StartedAt { get; }

    public int FlipBacks => Volatile.Read(ref _flipBacks);

    public int Missing => Volatile.Read(ref _remaining);

    /// <summary>An instance's configuration reloaded and serves <paramref name="enabled"/> at <paramref name="timestamp"/>.</summary>
    public void Observe(int instance, bool enabled, long timestamp)
    {
        if (enabled != Expected)
        {
            if (Volatile.Read(ref _seenAt[instance]) != 0)
            {
                Interlocked.Increment(ref _flipBacks);
            }

            return;
        }

        if (Interlocked.CompareExchange(ref _seenAt[instance], timestamp, 0) == 0 && Interlocked.Decrement(ref _remaining) == 0)
        {
            _allSeen.TrySetResult();
        }
    }

    /// <summary>The instances that have not served the new state yet.</summary>
    public IEnumerable<int> MissingInstances() => Enumerable.Range(0, _seenAt.Length).Where(i => Volatile.Read(ref _seenAt[i]) == 0);

    /// <summary>Time from the store write until the first instance served it (null if none has).</summary>
    public TimeSpan? First => PerInstance() is { Count: > 0 } seen ? seen.Min() : null;

    /// <summary>When each instance that served it did (<see cref="Stopwatch"/> timestamps).</summary>
    public IReadOnlyList<long> SeenAt() => [.. _seenAt.Select(t => Volatile.Read(ref t)).Where(t => t != 0)];

    /// <summary>Time from the store write until each instance that served it did.</summary>
    public IReadOnlyList<TimeSpan> PerInstance() =>
        [.. _seenAt.Select(t => Volatile.Read(ref t)).Where(t => t != 0).Select(t => Stopwatch.GetElapsedTime(StartedAt, t))];

    /// <summary>Time from the store write until the last instance served it; null if some had not within <paramref name="timeout"/>.</summary>
    public async Task<TimeSpan?> WaitForAllAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await _allSeen.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return null;
        }

        return Stopwatch.GetElapsedTime(StartedAt, _seenAt.Max());
    }
}

/// <summary>The toggle the instances of a fleet report their reloads to.</summary>
internal sealed class ToggleWatch
{
    private ToggleProbe? _current;

    public ToggleProbe? Current => Volatile.Read(ref _current);

    public ToggleProbe Start(bool expected, int instances)
    {
        var probe = new ToggleProbe(expected, instances);
        Volatile.Write(ref _current, probe);
        return probe;
    }
}
