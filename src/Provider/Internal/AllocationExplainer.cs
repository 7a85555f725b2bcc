using System.Globalization;
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
    /// <param name="rules">The flag's allocation, or <see langword="null"/> when it has none.</param>
    /// <param name="context">The user.</param>
    /// <param name="ignoreCase">Whether user ids and groups are compared ignoring case.</param>
    /// <param name="assigned">
    /// The variant the feature manager assigned, when the flag is known to be enabled: it spares hashing the
    /// user whenever the variant alone tells a percentile rule from the default.
    /// </param>
    public static VariantAssignment Explain(AllocationRules? rules, ITargetingContext context, bool ignoreCase, Optional assigned = default)
    {
        if (rules is null)
        {
            return new VariantAssignment(null, AssignmentRule.DefaultWhenEnabled);
        }

        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        if (context.UserId is { } userId)
        {
            foreach (var rule in rules.Users)
            {
                if (Contains(rule.Members, userId, comparison))
                {
                    return new VariantAssignment(rule.Variant, AssignmentRule.User);
                }
            }
        }

        if (context.Groups is { } groups && rules.Groups.Length > 0)
        {
            foreach (var rule in rules.Groups)
            {
                foreach (var group in groups)
                {
                    if (group is not null && Contains(rule.Members, group, comparison))
                    {
                        return new VariantAssignment(rule.Variant, AssignmentRule.Group);
                    }
                }
            }
        }

        if (rules.Percentiles.Length > 0)
        {
            if (assigned.IsKnown)
            {
                var byPercentile = false;
                foreach (var rule in rules.Percentiles)
                {
                    byPercentile |= rule.Variant == assigned.Name;
                }

                if (!byPercentile)
                {
                    return new VariantAssignment(rules.DefaultWhenEnabled, AssignmentRule.DefaultWhenEnabled);
                }

                if (assigned.Name != rules.DefaultWhenEnabled)
                {
                    return new VariantAssignment(assigned.Name, AssignmentRule.Percentile);
                }
            }

            // Same composition and same (culture-sensitive) lower-casing as Microsoft.FeatureManagement, so
            // that the explanation matches its assignment bit for bit.
            var id = ignoreCase ? context.UserId?.ToLower(CultureInfo.CurrentCulture) : context.UserId;
            var contextId = id + "\n" + rules.PercentileHint;
            foreach (var rule in rules.Percentiles)
            {
                if (TargetingHash.IsInRange(contextId, rule.From, rule.To))
                {
                    return new VariantAssignment(rule.Variant, AssignmentRule.Percentile);
                }
            }
        }

        return new VariantAssignment(rules.DefaultWhenEnabled, AssignmentRule.DefaultWhenEnabled);
    }

    private static bool Contains(string[] members, string value, StringComparison comparison)
    {
        foreach (var member in members)
        {
            if (value.Equals(member, comparison))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A variant name that may be unknown (as opposed to known to be absent).</summary>
    internal readonly record struct Optional(bool IsKnown, string? Name)
    {
        public static Optional Of(string? name) => new(true, name);
    }
}
