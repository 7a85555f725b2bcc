namespace OpenFeatureAppConfig.Guardrails;

/// <summary>
/// Which flags the request metrics are tagged with (<c>services.AddFlagAwareMetrics(...)</c>): the listed
/// <see cref="Flags"/>, and the flags under an active rollout or experiment
/// (<see cref="TagActiveRolloutsAndExperiments"/>), at most <see cref="MaxTaggedFlags"/>, so the number of time
/// series stays bounded.
/// </summary>
public sealed class FlagAwareMetricsOptions
{
    private int _maxTaggedFlags = 20;

    /// <summary>The flag keys whose variant tags the request metrics in any case (ordinal, case-sensitive like flag keys).</summary>
    public ISet<string> Flags { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// Whether the flags under an active rollout or experiment are tagged as well (true by default), as the
    /// application's configuration says at each refresh: a flag whose rollout plan (<c>.openfeatureappconfig.rollout/&lt;flag&gt;</c>,
    /// loaded with the store's key-values) is running or paused, and a variant flag whose telemetry metadata has
    /// <see cref="FlagAwareMetrics.ExperimentMetadataKey"/> set to <c>true</c>.
    /// </summary>
    public bool TagActiveRolloutsAndExperiments { get; set; } = true;

    /// <summary>
    /// The most flags tagged at once (20 by default): the listed flags first, then rollouts, then experiments, each
    /// in ordinal order; the rest are not tagged and a warning says how many.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1.</exception>
    public int MaxTaggedFlags
    {
        get => _maxTaggedFlags;
        set => _maxTaggedFlags = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "At least one flag must be allowed.");
    }

    /// <summary>
    /// The longest string value used as a variant tag when the provider gives no variant name (64 by default); a
    /// longer value is tagged <c>(value)</c>, so a free-text flag cannot blow up the series.
    /// </summary>
    public int MaxValueTagLength { get; set; } = 64;
}
