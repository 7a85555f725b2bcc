using Microsoft.AspNetCore.Http;
using OpenFeature.Model;

namespace OpenFeatureAppConfig.Hosting;

/// <summary>
/// How a request's user becomes the OpenFeature evaluation context and the Microsoft.FeatureManagement targeting
/// context. Both come from this one mapping, so <c>[FeatureGate]</c>, <c>WithFeatureGate</c>, the
/// <c>&lt;feature&gt;</c> tag helper and the OpenFeature client give the same answer for the same user.
/// </summary>
public sealed class FeatureFlagTargetingOptions
{
    /// <summary>
    /// The claim holding the targeting key (user id). Default <see langword="null"/>: the name identifier claim,
    /// else <c>Identity.Name</c>.
    /// </summary>
    public string? UserIdClaimType { get; set; }

    /// <summary>
    /// The claim type holding the user's groups. Default <see langword="null"/>: the identity's role claim type.
    /// </summary>
    public string? GroupClaimType { get; set; }

    /// <summary>
    /// Adds attributes of the request to the evaluation context (custom filters read them); runs once per request.
    /// The targeting key and groups are already set when it runs.
    /// </summary>
    public Action<HttpContext, EvaluationContextBuilder>? AddAttributes { get; set; }
}
