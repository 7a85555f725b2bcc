using OpenFeature.Model;

namespace OpenFeatureAppConfig.Provider;

/// <summary>
/// The OpenFeature evaluation context as seen by Microsoft.FeatureManagement filters. The context object the
/// provider hands to <c>IVariantFeatureManager</c> implements both this interface and
/// <c>Microsoft.FeatureManagement.FeatureFilters.ITargetingContext</c>, so a filter written as
/// <c>IContextualFeatureFilter&lt;IEvaluationAttributes&gt;</c> can read any attribute of the evaluation context.
/// </summary>
public interface IEvaluationAttributes
{
    /// <summary>The complete evaluation context of the current evaluation (never <see langword="null"/>).</summary>
    EvaluationContext EvaluationContext { get; }

    /// <summary>Reads one attribute of the evaluation context.</summary>
    /// <param name="name">The attribute's name (case-sensitive, as in OpenFeature).</param>
    /// <param name="value">The attribute's value when present.</param>
    /// <returns><see langword="true"/> when the attribute is present.</returns>
    bool TryGetAttribute(string name, out Value? value);
}
