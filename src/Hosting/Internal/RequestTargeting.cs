using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.FeatureManagement.FeatureFilters;
using OpenFeature.Model;
using OpenFeatureAppConfig.Provider;

namespace OpenFeatureAppConfig.Hosting.Internal;

/// <summary>
/// The one mapping from a request's user to targeting data, computed once per request: the OpenFeature evaluation
/// context and the Microsoft.FeatureManagement targeting context are both built from it, so they cannot disagree.
/// </summary>
internal sealed class RequestTargeting(IOptions<FeatureFlagsOptions> options, IOptions<FeatureManagementProviderOptions> providerOptions)
{
    private static readonly object ItemKey = new();

    public EvaluationContext GetEvaluationContext(HttpContext httpContext) => Get(httpContext).EvaluationContext;

    public TargetingContext GetTargetingContext(HttpContext httpContext) => Get(httpContext).TargetingContext;

    private Mapped Get(HttpContext httpContext)
    {
        if (httpContext.Items.TryGetValue(ItemKey, out var cached) && cached is Mapped mapped)
        {
            return mapped;
        }

        mapped = Map(httpContext);
        httpContext.Items[ItemKey] = mapped;
        return mapped;
    }

    private Mapped Map(HttpContext httpContext)
    {
        var targeting = options.Value.Targeting;
        var user = httpContext.User;
        var userId = FindUserId(user, targeting.UserIdClaimType);
        var groups = FindGroups(user, targeting.GroupClaimType);

        var builder = EvaluationContext.Builder();
        if (userId is not null)
        {
            builder.SetTargetingKey(userId);
        }

        builder.Set(providerOptions.Value.GroupsAttribute, new Value(groups.Select(g => new Value(g)).ToList()));
        targeting.AddAttributes?.Invoke(httpContext, builder);
        var evaluationContext = builder.Build();

        // The delegate may have changed the targeting key; the targeting context follows the evaluation context.
        var targetingContext = new TargetingContext { UserId = evaluationContext.TargetingKey, Groups = groups };
        return new Mapped(evaluationContext, targetingContext);
    }

    private static string? FindUserId(ClaimsPrincipal user, string? claimType)
    {
        if (claimType is not null)
        {
            return NonEmpty(user.FindFirst(claimType)?.Value);
        }

        return NonEmpty(user.FindFirst(ClaimTypes.NameIdentifier)?.Value) ?? NonEmpty(user.Identity?.Name);
    }

    private static string[] FindGroups(ClaimsPrincipal user, string? claimType)
    {
        var groups = new List<string>();
        foreach (var identity in user.Identities)
        {
            var type = claimType ?? identity.RoleClaimType;
            foreach (var claim in identity.FindAll(type))
            {
                if (!string.IsNullOrWhiteSpace(claim.Value) && !groups.Contains(claim.Value, StringComparer.Ordinal))
                {
                    groups.Add(claim.Value);
                }
            }
        }

        return [.. groups];
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private sealed record Mapped(EvaluationContext EvaluationContext, TargetingContext TargetingContext);
}
