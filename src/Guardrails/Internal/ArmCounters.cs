namespace OpenFeatureAppConfig.Guardrails.Internal;

/// <summary>
/// The counter names of a flag's window (requests and failures per variant), as kept locally and shared with the
/// fleet, and how they add up to a rollout's two arms.
/// </summary>
internal static class ArmCounters
{
    public static string Requests(string variant) => "r:" + variant;

    public static string Failures(string variant) => "f:" + variant;

    /// <summary>The counts of <paramref name="treatmentVariant"/> and of every other variant (the control).</summary>
    public static (ArmObservation Control, ArmObservation Treatment) Arms(IReadOnlyDictionary<string, long> counts, string treatmentVariant)
    {
        long controlRequests = 0, controlFailures = 0, treatmentRequests = 0, treatmentFailures = 0;
        foreach (var (name, count) in counts)
        {
            if (name.Length < 2 || name[1] != ':' || name[0] is not ('r' or 'f'))
            {
                continue;
            }

            var treated = name.AsSpan(2).SequenceEqual(treatmentVariant);
            switch (name[0], treated)
            {
                case ('r', true): treatmentRequests += count; break;
                case ('r', false): controlRequests += count; break;
                case ('f', true): treatmentFailures += count; break;
                default: controlFailures += count; break;
            }
        }

        // Counts from elsewhere (the fleet) are not trusted to be consistent: failures never exceed requests.
        return (new ArmObservation(controlRequests, Math.Min(controlFailures, controlRequests)),
            new ArmObservation(treatmentRequests, Math.Min(treatmentFailures, treatmentRequests)));
    }
}
