using OpenFeatureAppConfig.Emulator.Storage;

namespace OpenFeatureAppConfig.Emulator.Protocol;

/// <summary>
/// The headers every API answer carries, errors and 401s included: <c>Sync-Token</c> for the store's
/// latest change (set as the answer starts, so that it covers the request's own write), and the
/// service's request ids (<c>x-ms-request-id</c>, and <c>x-ms-client-request-id</c> echoed back when it is
/// printable ASCII; <see cref="ApiRequestChecksMiddleware"/> refuses any other).
/// </summary>
internal sealed class ApiResponseHeadersMiddleware(RequestDelegate next, KeyValueStore store, SyncTokens syncTokens)
{
    /// <summary>Registers the headers, then runs the rest of the pipeline.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        var clientRequestId = ClientRequestId.Echoable(context.Request);
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers[SyncTokens.HeaderName] = syncTokens.For(store.Sequence);
            headers["x-ms-request-id"] = context.TraceIdentifier;
            if (clientRequestId is not null)
            {
                headers[ClientRequestId.HeaderName] = clientRequestId;
            }

            return Task.CompletedTask;
        });
        return next(context);
    }
}
