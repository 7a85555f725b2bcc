using System.Collections.Concurrent;

namespace OpenFeatureAppConfig.Guardrails.Internal;

/// <summary>
/// This instance's counts of the flag-aware requests (requests, failures, a duration histogram) per flag, time
/// window and variant, for the in-process guard:
/// the same requests the metrics count, kept in memory for <see cref="Retention"/>. Windows are numbered from the
/// Unix epoch (<see cref="WindowOf"/>), so every instance of a fleet numbers them alike and the fleet can sum them.
/// </summary>
internal sealed class FlagAwareAggregates(TimeProvider time)
{
    /// <summary>The length of a window: the grain at which a stage's start is matched.</summary>
    public static readonly TimeSpan WindowLength = TimeSpan.FromMinutes(1);

    /// <summary>How long windows are kept (here and in the fleet): a guard judges at most this much of a stage, the latest.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(2);

    private readonly ConcurrentDictionary<(string Flag, long Window), WindowCounts> _windows = new();
    private long _newestWindow = long.MinValue;

    public static long WindowOf(DateTimeOffset at) => Math.DivRem(at.ToUnixTimeMilliseconds(), (long)WindowLength.TotalMilliseconds, out var rest) - (rest < 0 ? 1 : 0);

    /// <summary>The oldest window a guard looks at for a stage written at <paramref name="stageWrittenAt"/>, judged at <paramref name="now"/>.</summary>
    public static long FirstWindow(DateTimeOffset stageWrittenAt, DateTimeOffset now) => Math.Max(WindowOf(stageWrittenAt), WindowOf(now - Retention) + 1);

    public void Add(string flag, string variant, bool failed, TimeSpan duration)
    {
        var window = WindowOf(time.GetUtcNow());
        if (window > Interlocked.Read(ref _newestWindow) && Interlocked.Exchange(ref _newestWindow, window) < window)
        {
            Prune(window);
        }

        _windows.GetOrAdd((flag, window), static _ => new WindowCounts()).Add(variant, failed, duration);
    }

    /// <summary>This instance's counts of <paramref name="flag"/> over the windows <paramref name="first"/> to <paramref name="last"/>, by counter name (<see cref="ArmCounters"/>).</summary>
    public Dictionary<string, long> Sum(string flag, long first, long last)
    {
        var totals = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var ((key, window), counts) in _windows)
        {
            if (key == flag && window >= first && window <= last)
            {
                foreach (var (name, count) in counts.Snapshot().Counts)
                {
                    totals[name] = totals.GetValueOrDefault(name) + count;
                }
            }
        }

        return totals;
    }

    /// <summary>Every window kept, with its counts and a version that grows with each request counted in it.</summary>
    public IEnumerable<(string Flag, long Window, long Version, Dictionary<string, long> Counts)> Windows()
    {
        foreach (var ((flag, window), counts) in _windows)
        {
            var (version, snapshot) = counts.Snapshot();
            yield return (flag, window, version, snapshot);
        }
    }

    private void Prune(long newest)
    {
        var oldest = newest - (long)(Retention / WindowLength);
        foreach (var key in _windows.Keys)
        {
            if (key.Window < oldest)
            {
                _windows.TryRemove(key, out _);
            }
        }
    }

    private sealed class WindowCounts
    {
        private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
        private long _version;

        public void Add(string variant, bool failed, TimeSpan duration)
        {
            var durationBucket = ArmCounters.Duration(duration, variant);
            lock (_counts)
            {
                _version++;
                Increment(ArmCounters.Requests(variant));
                Increment(durationBucket);
                if (failed)
                {
                    Increment(ArmCounters.Failures(variant));
                }
            }
        }

        public (long Version, Dictionary<string, long> Counts) Snapshot()
        {
            lock (_counts)
            {
                return (_version, new Dictionary<string, long>(_counts, StringComparer.Ordinal));
            }
        }

        private void Increment(string name) => _counts[name] = _counts.GetValueOrDefault(name) + 1;
    }
}
