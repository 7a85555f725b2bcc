using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenFeature;
using OpenFeatureAppConfig.Guardrails.Internal;

namespace OpenFeatureAppConfig.Guardrails;

/// <summary>Registers the experiment readouts.</summary>
public static class ExperimentReadoutServiceCollectionExtensions
{
    /// <summary>
    /// Registers the experiments' ledgers and <see cref="ExperimentExposureHook"/>. Then: add the hook to OpenFeature,
    /// track conversions with <see cref="FlagAwareTracking.TrackWithVariants"/>, and serve the readouts with
    /// <c>app.MapExperimentReadouts("/experiments")</c> if you want them over HTTP.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Puts flags under experiments, e.g. <c>o =&gt; o.Add("button_color", "purchase", "blue")</c>.</param>
    public static IServiceCollection AddExperimentReadouts(this IServiceCollection services, Action<ExperimentReadoutOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<ExperimentReadoutOptions>().Configure(configure);
        // The container's own OpenFeature API when AddOpenFeature registered one, else the global one.
        services.TryAddSingleton(sp => new ExperimentRecorder(sp.GetRequiredService<IOptions<ExperimentReadoutOptions>>(), sp.GetService<Api>() ?? Api.Instance));
        services.TryAddSingleton(sp => new ExperimentExposureHook(sp.GetRequiredService<ExperimentRecorder>()));
        return services;
    }
}
