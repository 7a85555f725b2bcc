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

    // The container's API: AddOpenFeature registers one of its own, UseGlobalApi makes it Api.Instance.
    public RequestTargetingMiddleware(RequestDelegate next, Api api, RequestTargeting targeting)
    {
        _next = next;
        _api = api;
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
