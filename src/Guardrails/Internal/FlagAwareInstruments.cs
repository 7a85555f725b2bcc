using System.Diagnostics.Metrics;

namespace OpenFeatureAppConfig.Guardrails.Internal;

/// <summary>The meter and instruments of the flag-aware metrics, created through the app's <see cref="IMeterFactory"/>.</summary>
internal sealed class FlagAwareInstruments
{
    public FlagAwareInstruments(IMeterFactory meters)
    {
        var meter = meters.Create(FlagAwareMetrics.MeterName);
        Requests = meter.CreateCounter<long>(FlagAwareMetrics.RequestCountName, "{request}", "Requests that evaluated a guarded flag, per flag, variant and outcome.");
        Duration = meter.CreateHistogram<double>(FlagAwareMetrics.RequestDurationName, "s", "Duration of requests that evaluated a guarded flag, per flag, variant and outcome.");
        Exposures = meter.CreateCounter<long>(FlagAwareMetrics.ExposureCountName, "{exposure}", "Requests exposed to a guarded flag's variant.");
        Tracks = meter.CreateCounter<long>(FlagAwareMetrics.TrackCountName, "{event}", "Tracking events per guarded flag and the variant the request saw.");
    }

    public Counter<long> Requests { get; }

    public Histogram<double> Duration { get; }

    public Counter<long> Exposures { get; }

    public Counter<long> Tracks { get; }
}
