using Microsoft.FeatureManagement.FeatureFilters;
using OpenFeature.Model;

namespace OpenFeatureAppConfig.Provider.Internal;

/// <summary>
/// What the provider hands to Microsoft.FeatureManagement: a <see cref="TargetingContext"/> (the built-in
/// targeting filter and variant allocation read user id and groups from it) that also carries every attribute
/// of the OpenFeature evaluation context for custom filters.
/// </summary>
internal sealed class EvaluationTargetingContext : TargetingContext, IEvaluationAttributes
{
    public EvaluationTargetingContext(EvaluationContext evaluationContext, string? userId, IEnumerable<string>? groups)
    {
        EvaluationContext = evaluationContext;
        UserId = userId;
        Groups = groups;
    }

    public EvaluationContext EvaluationContext { get; }

    public bool TryGetAttribute(string name, out Value? value)
    {
        if (EvaluationContext.TryGetValue(name, out var found))
        {
            value = found;
            return true;
        }

        value = null;
        return false;
    }
}
