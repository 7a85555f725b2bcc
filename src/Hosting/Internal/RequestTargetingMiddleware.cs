using Microsoft.AspNetCore.Http;
using OpenFeature;

namespace OpenFeatureAppConfig.Hosting.Internal;

/// <summary>
/// Sets the request's evaluation context as the OpenFeature transaction context, so a client evaluation without a
/// context targets the current user. The transaction context is async-local: it flows into everything the request
/// awaits and ends with it.
/// </summary>
internal sealed class RequestTargetingMiddleware
{
    private readonly RequestDelegate _next;
    private readonly Api _api;
    private readonly RequestTargeting _targeting;

    public RequestTargetingMiddleware(RequestDelegate next, IServiceProvider services, RequestTargeting targeting)
    {
        _next = next;

        // The container's API (our OpenFeature.Hosting, or UseGlobalApi); the official package uses the global one.
        _api = services.GetService(typeof(Api)) as Api ?? Api.Instance;
        _targeting = targeting;
        _api.SetTransactionContextPropagator(new AsyncLocalTransactionContextPropagator());
    }

    // Async on purpose: the async method restores the caller's execution context on return, so the user's
    // context never leaks into the server's connection loop or the next request on the connection.
    public async Task InvokeAsync(HttpContext httpContext)
    {
        _api.SetTransactionContext(_targeting.GetEvaluationContext(httpContext));
        await _next(httpContext).ConfigureAwait(false);
    }
}
