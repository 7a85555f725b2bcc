using OpenFeatureAppConfig.Rollouts;

namespace OpenFeatureAppConfig.Guardrails.Internal;

/// <summary>Which variant tag is a rollout's treatment: everything else is its control.</summary>
internal static class GuardedArms
{
    /// <summary>
    /// The configured tag, else the rollout's target variant, else <c>true</c>: an on/off flag's value, which is how
    /// <see cref="FlagAwareMetricsHook"/> tags a flag whose provider names no variant.
    /// </summary>
    public static string TreatmentVariant(RolloutPlan plan, string? configured) => configured ?? plan.Target.Variant ?? "true";
}
