using System.Collections.Concurrent;

namespace OpenFeatureAppConfig.Guardrails.Internal;

/// <summary>
/// This instance's running totals of the flag-aware requests per flag and variant, for the in-process guard: the
/// same requests the metrics count, kept in memory (since the app started).
/// </summary>
internal sealed class FlagAwareAggregates
{
    private readonly ConcurrentDictionary<(string Flag, string Variant), Totals> _totals = new();

    public void Add(string flag, string variant, bool failed)
    {
        var totals = _totals.GetOrAdd((flag, variant), static _ => new Totals());
        Interlocked.Increment(ref totals.Requests);
        if (failed)
        {
            Interlocked.Increment(ref totals.Failures);
        }
    }

    /// <summary>The totals of <paramref name="treatmentVariant"/> and of every other variant of <paramref name="flag"/> (the control).</summary>
    public (ArmObservation Control, ArmObservation Treatment) Arms(string flag, string treatmentVariant)
    {
        long controlRequests = 0, controlFailures = 0, treatmentRequests = 0, treatmentFailures = 0;
        foreach (var ((key, variant), totals) in _totals)
        {
            if (key != flag)
            {
                continue;
            }

            var requests = Interlocked.Read(ref totals.Requests);
            var failures = Interlocked.Read(ref totals.Failures);
            if (variant == treatmentVariant)
            {
                (treatmentRequests, treatmentFailures) = (treatmentRequests + requests, treatmentFailures + failures);
            }
            else
            {
                (controlRequests, controlFailures) = (controlRequests + requests, controlFailures + failures);
            }
        }

        return (new ArmObservation(controlRequests, controlFailures), new ArmObservation(treatmentRequests, treatmentFailures));
    }

    private sealed class Totals
    {
        public long Requests;
        public long Failures;
    }
}
