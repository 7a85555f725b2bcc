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
    /// Every caller is treated as hostile: a batch is refused as a whole (400 naming the event and field) when an
    /// event lacks a well-formed sync token or a subject URL; only events whose subject names the store's scheme,
    /// host and port are delivered; pushes are coalesced to one refresh per
    /// <c>FeatureFlagsOptions.PushCoalescingInterval</c>. Still require Event Grid's authentication with the returned
    /// builder: a webhook key checked by an endpoint filter, or an Entra token with <c>.RequireAuthorization(...)</c>
    /// (see docs/hosting.md).
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
