using OpenTelemetry.Metrics;

namespace OpenFeatureAppConfig.Guardrails;

/// <summary>Collects the flag-aware request metrics in OpenTelemetry.</summary>
public static class FlagAwareMetricsMeterProviderBuilderExtensions
{
    /// <summary>Collects the flag-aware metrics in OpenTelemetry: <c>AddMeter(FlagAwareMetrics.MeterName)</c>.</summary>
    public static MeterProviderBuilder AddFlagAwareMetrics(this MeterProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddMeter(FlagAwareMetrics.MeterName);
    }
}
