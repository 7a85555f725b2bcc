using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenFeatureAppConfig.Rollouts;

namespace OpenFeatureAppConfig.Guardrails;

/// <summary>Registers the health-check guard for the rollout executor.</summary>
public static class HealthCheckRolloutGuardServiceCollectionExtensions
{
    /// <summary>Adds a <see cref="HealthCheckRolloutGuard"/> over the app's health checks (<c>services.AddHealthChecks()</c>).</summary>
    /// <param name="services">The services.</param>
    /// <param name="predicate">Which checks to run; null: all.</param>
    /// <param name="tripOnDegraded">Also trip on a degraded report.</param>
    public static IServiceCollection AddHealthCheckRolloutGuard(this IServiceCollection services, Func<HealthCheckRegistration, bool>? predicate = null, bool tripOnDegraded = false)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddHealthChecks();
        services.AddSingleton<IRolloutGuard>(provider => new HealthCheckRolloutGuard(provider.GetRequiredService<HealthCheckService>(), predicate, tripOnDegraded));
        return services;
    }
}
