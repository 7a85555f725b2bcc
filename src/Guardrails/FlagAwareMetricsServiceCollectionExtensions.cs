using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenFeatureAppConfig.Guardrails.Internal;

namespace OpenFeatureAppConfig.Guardrails;

/// <summary>Registers the flag-aware request metrics.</summary>
public static class FlagAwareMetricsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the metrics' instruments and <see cref="FlagAwareMetricsHook"/>. Then: add the hook to OpenFeature,
    /// <c>app.UseFlagAwareMetrics()</c> early in the pipeline, and <c>AddFlagAwareMetrics()</c> on the OpenTelemetry
    /// meter provider.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Lists the guarded flags.</param>
    public static IServiceCollection AddFlagAwareMetrics(this IServiceCollection services, Action<FlagAwareMetricsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<FlagAwareMetricsOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<FlagAwareInstruments>();
        services.TryAddSingleton<FlagAwareAggregates>();
        services.TryAddSingleton<FlagAwareMetricsHook>();
        return services;
    }
}
