using Microsoft.FeatureManagement;

namespace OpenFeatureAppConfig.Provider.Internal;

/// <summary>
/// A flag's allocation, copied once per snapshot into arrays: the definition's collections may be lazy
/// sequences over configuration sections, which would be re-read at every evaluation.
/// </summary>
internal sealed class AllocationRules
{
    private AllocationRules(Allocation allocation, string flagName)
    {
        DefaultWhenEnabled = allocation.DefaultWhenEnabled;
        DefaultWhenDisabled = allocation.DefaultWhenDisabled;
        PercentileHint = allocation.Seed ?? "allocation\n" + flagName;
        Users = (allocation.User ?? []).Select(rule => new ListRule(rule.Variant, (rule.Users ?? []).ToArray())).ToArray();
        Groups = (allocation.Group ?? []).Select(rule => new ListRule(rule.Variant, (rule.Groups ?? []).ToArray())).ToArray();
        Percentiles = (allocation.Percentile ?? []).Select(rule => new PercentileRule(rule.Variant, rule.From, rule.To)).ToArray();
    }

    public string? DefaultWhenEnabled { get; }

    public string? DefaultWhenDisabled { get; }

    /// <summary>What the user id is hashed with: the seed, or one derived from the flag's name.</summary>
    public string PercentileHint { get; }

    public ListRule[] Users { get; }

    public ListRule[] Groups { get; }

    public PercentileRule[] Percentiles { get; }

    public static AllocationRules? From(FeatureDefinition definition) =>
        definition.Allocation is null ? null : new AllocationRules(definition.Allocation, definition.Name);

    /// <summary>A rule assigning a variant to listed users or groups.</summary>
    internal sealed record ListRule(string? Variant, string[] Members);

    /// <summary>A rule assigning a variant to a range of user buckets.</summary>
    internal sealed record PercentileRule(string? Variant, double From, double To);
}
