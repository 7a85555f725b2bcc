using Microsoft.Extensions.DependencyInjection;
using OpenFeatureAppConfig.Rollouts;

namespace OpenFeatureAppConfig.Guardrails;

/// <summary>Registers the PromQL guard for the rollout executor.</summary>
public static class PrometheusRolloutGuardServiceCollectionExtensions
{
    /// <summary>
    /// Adds a <see cref="PrometheusRolloutGuard"/> that the rollout executor (<c>AddProgressiveRollouts</c>) asks
    /// every evaluation window. Its HTTP client is the named client <c>"OpenFeatureAppConfig.Guardrails.Prometheus"</c>:
    /// configure it (authentication, timeout) with <c>services.AddHttpClient(name)</c>.
    /// </summary>
    public static IServiceCollection AddPrometheusRolloutGuard(this IServiceCollection services, Action<PrometheusGuardOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new PrometheusGuardOptions();
        configure(options);
        services.AddHttpClient(HttpClientName);
        services.AddSingleton<IRolloutGuard>(provider =>
            new PrometheusRolloutGuard(options, provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName)));
        return services;
    }

    private const string HttpClientName = "OpenFeatureAppConfig.Guardrails.Prometheus";
}
