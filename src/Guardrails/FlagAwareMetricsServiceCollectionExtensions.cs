using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenFeatureAppConfig.AppConfiguration;
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
    /// <param name="configure">Lists flags to tag in any case, and sets the automatic tagging and its cap.</param>
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
        services.TryAddSingleton(provider => new TaggedFlags(
            provider.GetRequiredService<IOptions<FlagAwareMetricsOptions>>().Value,
            provider.GetService<IConfiguration>(),
            provider.GetService<ILoggerFactory>()?.CreateLogger("OpenFeatureAppConfig.Guardrails")));
        services.TryAddSingleton(provider => new FlagAwareMetricsHook(
            provider.GetRequiredService<IOptions<FlagAwareMetricsOptions>>(), provider.GetRequiredService<TaggedFlags>()));
        if (!services.Any(service => service.ServiceType == typeof(FleetRequestCounts)))
        {
            // In fleet mode (an IFleetCounters registered by the hosting layer) the counts are shared with the fleet.
            services.AddSingleton(provider => new FleetRequestCounts(
                provider.GetRequiredService<FlagAwareAggregates>(),
                provider.GetService<IFleetCounters>(),
                provider.GetRequiredService<TimeProvider>(),
                provider.GetService<ILogger<FleetRequestCounts>>() ?? NullLogger<FleetRequestCounts>.Instance));
            services.AddHostedService(provider => provider.GetRequiredService<FleetRequestCounts>());
        }

        return services;
    }
}
