using Microsoft.AspNetCore.Http;

namespace OpenFeatureAppConfig.Guardrails.Internal;

/// <summary>
/// Opens each request's flag scope, and when the request is done records it per guarded flag it evaluated:
/// failed (a 5xx status or an unhandled exception) or not, and how long it took.
/// </summary>
internal sealed class FlagAwareMetricsMiddleware(RequestDelegate next, FlagAwareInstruments instruments, FlagAwareAggregates aggregates, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = time.GetTimestamp();
        var scope = new RequestFlagScope(instruments, aggregates);
        var outer = RequestFlagScope.Current;
        RequestFlagScope.Current = scope;
        var failed = true;
        try
        {
            await next(context).ConfigureAwait(false);
            failed = context.Response.StatusCode >= 500;
        }
        finally
        {
            RequestFlagScope.Current = outer;
            scope.Complete(failed, time.GetElapsedTime(started));
        }
    }
}
