namespace OpenFeatureAppConfig.Emulator.Protocol;

/// <summary>
/// The checks every authenticated API request goes through before its endpoint runs (so that a refused
/// write is never applied): its <c>api-version</c>, its <c>Sync-Token</c> and its <c>x-ms-client-request-id</c>.
/// </summary>
internal sealed class ApiRequestChecksMiddleware(RequestDelegate next)
{
    /// <summary>Checks the request, then runs the endpoint.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        var target = RequestTarget.Of(context);
        ApiVersions.Check(QueryParameters.Of(context), target);
        SyncTokens.Validate(context.Request.Headers[SyncTokens.HeaderName].ToString());
        ClientRequestId.Check(context.Request);
        return next(context);
    }
}
