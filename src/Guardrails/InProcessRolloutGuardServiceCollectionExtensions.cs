using Microsoft.Extensions.DependencyInjection;
using OpenFeatureAppConfig.Guardrails.Internal;
using OpenFeatureAppConfig.Rollouts;

namespace OpenFeatureAppConfig.Guardrails;

/// <summary>Registers the in-process guard for the rollout executor.</summary>
public static class InProcessRolloutGuardServiceCollectionExtensions
{
    /// <summary>
    /// Adds an <see cref="InProcessRolloutGuard"/> on the flag-aware request counts (it calls
    /// <c>AddFlagAwareMetrics</c>; call <c>UseFlagAwareMetrics</c> on every instance). In fleet mode it sums the
    /// counts of every instance of the fleet.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">The decision rule's thresholds.</param>
    /// <param name="treatmentVariant">The treatment's variant tag; null: the rollout's target variant, or <c>true</c> for an on/off flag.</param>
    public static IServiceCollection AddInProcessRolloutGuard(this IServiceCollection services, Action<GuardrailCriteria>? configure = null, string? treatmentVariant = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var criteria = new GuardrailCriteria();
        configure?.Invoke(criteria);
        services.AddFlagAwareMetrics();
        services.AddSingleton<IRolloutGuard>(provider => new InProcessRolloutGuard(criteria, treatmentVariant, provider.GetRequiredService<FlagAwareAggregates>(), provider.GetRequiredService<FleetRequestCounts>()));
        return services;
    }
}
