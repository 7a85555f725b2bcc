using System.Globalization;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;

namespace OpenFeatureAppConfig.Provider.Internal;

/// <summary>
/// Tells which allocation rule of an enabled flag applies to a user, following the order of
/// Microsoft.FeatureManagement (users, then groups, then percentiles, then the default when enabled). The
/// feature manager's own variant is always the answer; this only explains it, so that the provider can report
/// <c>TARGETING_MATCH</c> for user and group rules and <c>SPLIT</c> for percentiles.
/// </summary>
internal static class AllocationExplainer
{
    /// <summary>The variant and rule an enabled flag gives to <paramref name="context"/>.</summary>
    /// <param name="definition">The flag.</param>
    /// <param name="context">The user.</param>
    /// <param name="ignoreCase">Whether user ids and groups are compared ignoring case.</param>
    /// <param name="assigned">
    /// The variant the feature manager assigned, when the flag is known to be enabled: it spares hashing the
    /// user whenever the variant alone tells a percentile rule from the default.
    /// </param>
    public static VariantAssignment Explain(FeatureDefinition definition, ITargetingContext context, bool ignoreCase, Optional assigned = default)
    {
        var allocation = definition.Allocation;
        if (allocation is null)
        {
            return new VariantAssignment(null, AssignmentRule.DefaultWhenEnabled);
        }

        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        if (allocation.User is not null && context.UserId is not null)
        {
            foreach (var rule in allocation.User)
            {
                if (rule.Users is not null && rule.Users.Any(user => context.UserId.Equals(user, comparison)))
                {
                    return new VariantAssignment(rule.Variant, AssignmentRule.User);
                }
            }
        }

        if (allocation.Group is not null && context.Groups is not null)
        {
            foreach (var rule in allocation.Group)
            {
                if (rule.Groups is not null && context.Groups.Any(group => group is not null && rule.Groups.Any(g => group.Equals(g, comparison))))
                {
                    return new VariantAssignment(rule.Variant, AssignmentRule.Group);
                }
            }
        }

        if (allocation.Percentile is not null && allocation.Percentile.Any())
        {
            if (assigned.IsKnown)
            {
                var byPercentile = allocation.Percentile.Any(rule => rule.Variant == assigned.Name);
                if (!byPercentile)
                {
                    return new VariantAssignment(allocation.DefaultWhenEnabled, AssignmentRule.DefaultWhenEnabled);
                }

                if (assigned.Name != allocation.DefaultWhenEnabled)
                {
                    return new VariantAssignment(assigned.Name, AssignmentRule.Percentile);
                }
            }

            var contextId = PercentileContextId(definition, context, ignoreCase);
            foreach (var rule in allocation.Percentile)
            {
                if (TargetingHash.IsInRange(contextId, rule.From, rule.To))
                {
                    return new VariantAssignment(rule.Variant, AssignmentRule.Percentile);
                }
            }
        }

        return new VariantAssignment(allocation.DefaultWhenEnabled, AssignmentRule.DefaultWhenEnabled);
    }

    private static string PercentileContextId(FeatureDefinition definition, ITargetingContext context, bool ignoreCase)
    {
        // Same composition and same (culture-sensitive) lower-casing as Microsoft.FeatureManagement, so that
        // the explanation matches its assignment bit for bit.
        var userId = ignoreCase ? context.UserId?.ToLower(CultureInfo.CurrentCulture) : context.UserId;
        var seed = definition.Allocation!.Seed ?? "allocation\n" + definition.Name;
        return userId + "\n" + seed;
    }

    /// <summary>A variant name that may be unknown (as opposed to known to be absent).</summary>
    internal readonly record struct Optional(bool IsKnown, string? Name)
    {
        public static Optional Of(string? name) => new(true, name);
    }
}
