using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenFeatureAppConfig.Hosting.Internal;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the endpoint that receives App Configuration change events from Azure Event Grid.</summary>
public static class AppConfigurationEventsEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps a webhook for an Event Grid subscription to the store's <c>KeyValueModified</c> and
    /// <c>KeyValueDeleted</c> events (Event Grid schema or CloudEvents 1.0). It answers the subscription validation
    /// handshake (the <c>SubscriptionValidationEvent</c>, and the CloudEvents <c>OPTIONS</c> request) and makes the
    /// flag store refresh at once (or within <c>FeatureFlagsOptions.PushRefreshMaxDelay</c>) with the event's sync
    /// token, so the change is seen even before the store's replicas agree. Needs <c>AddFeatureFlags()</c>.
    /// </summary>
    /// <remarks>
    /// Anyone who can reach the endpoint can make the application refresh early; protect it with the returned
    /// builder (for example <c>.RequireAuthorization()</c> with an Event Grid delivery header or query secret).
    /// </remarks>
    /// <param name="endpoints">The endpoint route builder.</param>
    /// <param name="pattern">The route, for example <c>/appconfig/events</c>.</param>
    /// <returns>A builder for both endpoints (POST events, OPTIONS handshake).</returns>
    public static IEndpointConventionBuilder MapAppConfigurationEvents(this IEndpointRouteBuilder endpoints, string pattern)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        if (endpoints.ServiceProvider.GetService<FlagStoreStatus>() is null)
        {
            throw new InvalidOperationException("The feature flag services are missing; call builder.AddFeatureFlags() when adding services.");
        }

        var handler = ActivatorUtilities.CreateInstance<EventGridPushHandler>(endpoints.ServiceProvider);
        var group = endpoints.MapGroup(pattern);
        group.MapPost("", (Func<HttpContext, Task<IResult>>)handler.HandleEventsAsync).DisableAntiforgery();
        group.MapMethods("", [HttpMethods.Options], (Func<HttpContext, IResult>)EventGridPushHandler.HandleValidationRequest);
        return group;
    }
}
