namespace OpenFeatureAppConfig.Guardrails;

/// <summary>What one arm of a rollout (control or treatment) saw in the window.</summary>
/// <param name="Requests">Requests (or other trials) in the arm.</param>
/// <param name="Failures">Of those, the failed ones (5xx or an unhandled exception).</param>
/// <param name="LatencyP95">The 95th percentile of the requests' duration, when known.</param>
public readonly record struct ArmObservation(long Requests, long Failures, TimeSpan? LatencyP95 = null)
{
    /// <summary>Failures / requests (0 without requests).</summary>
    public double FailureRate => Requests > 0 ? (double)Failures / Requests : 0;
}
