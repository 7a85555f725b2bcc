using System.Globalization;

namespace OpenFeatureAppConfig.Guardrails.Internal;

/// <summary>
/// The counter names of a flag's window, as kept locally and shared with the fleet, and how they add up to a
/// rollout's two arms: per variant, requests (<c>r:&lt;variant&gt;</c>), failures (<c>f:&lt;variant&gt;</c>) and a
/// duration histogram (<c>d:&lt;bucket&gt;:&lt;variant&gt;</c>) with fixed buckets, so that histograms from any
/// number of instances add up and give the same p95 as one instance that served every request.
/// </summary>
internal static class ArmCounters
{
    /// <summary>Bucket k holds durations up to 1 ms × 2^(k/4) (about 19 % apart); the last one holds everything longer.</summary>
    private const int BucketsPerDoubling = 4;
    private const int LastBucket = 100; // 2^25 ms: about 9 hours

    public static string Requests(string variant) => "r:" + variant;

    public static string Failures(string variant) => "f:" + variant;

    public static string Duration(TimeSpan duration, string variant) =>
        string.Create(CultureInfo.InvariantCulture, $"d:{BucketOf(duration)}:{variant}");

    /// <summary>The counts of <paramref name="treatmentVariant"/> and of every other variant (the control), with each arm's p95 when durations were counted.</summary>
    public static (ArmObservation Control, ArmObservation Treatment) Arms(IReadOnlyDictionary<string, long> counts, string treatmentVariant)
    {
        long controlRequests = 0, controlFailures = 0, treatmentRequests = 0, treatmentFailures = 0;
        var controlDurations = new SortedDictionary<int, long>();
        var treatmentDurations = new SortedDictionary<int, long>();
        foreach (var (name, count) in counts)
        {
            if (count <= 0 || !TryParse(name, out var kind, out var bucket, out var variant))
            {
                continue;
            }

            var treated = variant.SequenceEqual(treatmentVariant);
            switch (kind, treated)
            {
                case ('r', true): treatmentRequests += count; break;
                case ('r', false): controlRequests += count; break;
                case ('f', true): treatmentFailures += count; break;
                case ('f', false): controlFailures += count; break;
                default:
                    var histogram = treated ? treatmentDurations : controlDurations;
                    histogram[bucket] = histogram.GetValueOrDefault(bucket) + count;
                    break;
            }
        }

        // Counts from elsewhere (the fleet) are not trusted to be consistent: failures never exceed requests.
        return (new ArmObservation(controlRequests, Math.Min(controlFailures, controlRequests), P95(controlDurations)),
            new ArmObservation(treatmentRequests, Math.Min(treatmentFailures, treatmentRequests), P95(treatmentDurations)));
    }

    private static int BucketOf(TimeSpan duration)
    {
        var milliseconds = duration.TotalMilliseconds;
        return milliseconds <= 1 ? 0 : (int)Math.Min(LastBucket, Math.Ceiling(Math.Log2(milliseconds) * BucketsPerDoubling));
    }

    /// <summary>The upper bound of the bucket in which the 95th percentile falls; null without durations.</summary>
    private static TimeSpan? P95(SortedDictionary<int, long> histogram)
    {
        var total = histogram.Values.Sum();
        if (total == 0)
        {
            return null;
        }

        var rank = (long)Math.Ceiling(total * 0.95);
        long seen = 0;
        foreach (var (bucket, count) in histogram)
        {
            seen += count;
            if (seen >= rank)
            {
                return TimeSpan.FromMilliseconds(Math.Pow(2, (double)bucket / BucketsPerDoubling));
            }
        }

        return null;
    }

    private static bool TryParse(string name, out char kind, out int bucket, out ReadOnlySpan<char> variant)
    {
        (kind, bucket) = ('\0', 0);
        variant = default;
        if (name.Length < 2 || name[1] != ':')
        {
            return false;
        }

        kind = name[0];
        var rest = name.AsSpan(2);
        switch (kind)
        {
            case 'r' or 'f':
                variant = rest;
                return true;
            case 'd':
                var colon = rest.IndexOf(':');
                variant = colon > 0 ? rest[(colon + 1)..] : default;
                return colon > 0 && int.TryParse(rest[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out bucket) && bucket <= LastBucket;
            default:
                return false;
        }
    }
}
