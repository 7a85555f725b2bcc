using Microsoft.AspNetCore.Http;

namespace OpenFeatureAppConfig.Hosting.Internal;

/// <summary>Starts a refresh of the flag store when one is due, without making the request wait for it.</summary>
internal sealed class RequestRefreshMiddleware(RequestDelegate next, FlagStoreRefresher refresher)
{
    public Task InvokeAsync(HttpContext httpContext)
    {
        refresher.TriggerFromRequest();
        return next(httpContext);
    }
}
