using Microsoft.Extensions.DependencyInjection;
using OpenFeatureAppConfig.Guardrails.Internal;
using OpenFeatureAppConfig.Rollouts;

namespace OpenFeatureAppConfig.Guardrails;

/// <summary>Registers the in-process guard for the rollout executor.</summary>
public static class InProcessRolloutGuardServiceCollectionExtensions
{
    /// <summary>
    /// Adds an <see cref="InProcessRolloutGuard"/> on this app's flag-aware request totals (it calls
    /// <c>AddFlagAwareMetrics</c>; list the rollout's flag there and call <c>UseFlagAwareMetrics</c>).
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
        services.AddSingleton<IRolloutGuard>(provider => new InProcessRolloutGuard(criteria, treatmentVariant, provider.GetRequiredService<FlagAwareAggregates>()));
        return services;
    }
}
