namespace OpenFeatureAppConfig.Guardrails;

/// <summary>
/// Which flags the request metrics are tagged with (<c>services.AddFlagAwareMetrics(...)</c>).
/// Only the listed flags are tagged, so the number of time series stays bounded: list the flags under a
/// rollout or an experiment.
/// </summary>
public sealed class FlagAwareMetricsOptions
{
    /// <summary>The flag keys whose variant tags the request metrics (ordinal, case-sensitive like flag keys).</summary>
    public ISet<string> Flags { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// The longest string value used as a variant tag when the provider gives no variant name (64 by default); a
    /// longer value is tagged <c>(value)</c>, so a free-text flag cannot blow up the series.
    /// </summary>
    public int MaxValueTagLength { get; set; } = 64;
}
