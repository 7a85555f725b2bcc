namespace OpenFeatureAppConfig.Guardrails;

/// <summary>
/// The names of the flag-aware request metrics, on the <see cref="System.Diagnostics.Metrics.Meter"/>
/// <see cref="MeterName"/>. Tags follow the OpenTelemetry feature-flag semantic conventions
/// (<c>feature_flag.key</c>, <c>feature_flag.result.variant</c>) plus <see cref="OutcomeTag"/>.
/// </summary>
public static class FlagAwareMetrics
{
    /// <summary>The meter's name: <c>AddMeter(FlagAwareMetrics.MeterName)</c>, or <c>AddFlagAwareMetrics()</c> on the OpenTelemetry builder.</summary>
    public const string MeterName = "OpenFeatureAppConfig.Guardrails";

    /// <summary>Counter: requests that evaluated a flag, per flag, variant and outcome (Prometheus: <c>openfeatureappconfig_flag_requests_total</c>).</summary>
    public const string RequestCountName = "openfeatureappconfig.flag.requests";

    /// <summary>Histogram, seconds: the duration of those requests, per flag, variant and outcome (Prometheus: <c>openfeatureappconfig_flag_request_duration_seconds</c>).</summary>
    public const string RequestDurationName = "openfeatureappconfig.flag.request.duration";

    /// <summary>Counter: exposures, one per request per flag and variant it evaluated.</summary>
    public const string ExposureCountName = "openfeatureappconfig.flag.exposures";

    /// <summary>Counter: <c>Track</c> events per flag and variant the request evaluated, tagged with <see cref="TrackNameTag"/>.</summary>
    public const string TrackCountName = "openfeatureappconfig.flag.tracks";

    /// <summary>The outcome tag: <c>success</c>, or <c>failure</c> for a 5xx response or an unhandled exception.</summary>
    public const string OutcomeTag = "outcome";

    /// <summary>The tracking event's name on <see cref="TrackCountName"/>.</summary>
    public const string TrackNameTag = "feature_flag.track.name";

    /// <summary>
    /// The telemetry metadata key that marks a variant flag as an experiment, whose variants the metrics then tag:
    /// <c>"telemetry": {"enabled": true, "metadata": {"Experiment": "true"}}</c> in the flag.
    /// </summary>
    public const string ExperimentMetadataKey = "Experiment";
}
