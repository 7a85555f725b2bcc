using Microsoft.AspNetCore.Http;
using Microsoft.FeatureManagement.FeatureFilters;

namespace OpenFeatureAppConfig.Hosting.Internal;

/// <summary>
/// The targeting context of the current request for Microsoft.FeatureManagement (<c>[FeatureGate]</c>,
/// <c>WithFeatureGate</c>, the <c>&lt;feature&gt;</c> tag helper), from the same mapping as the OpenFeature
/// transaction context. Outside a request (background services) there is no user: an empty context.
/// </summary>
internal sealed class RequestTargetingContextAccessor(IHttpContextAccessor httpContextAccessor, RequestTargeting targeting) : ITargetingContextAccessor
{
    private static readonly TargetingContext NoUser = new() { Groups = [] };

    public ValueTask<TargetingContext> GetContextAsync() =>
        new(httpContextAccessor.HttpContext is { } httpContext ? targeting.GetTargetingContext(httpContext) : NoUser);
}
