namespace OpenFeatureAppConfig.Emulator.Protocol;

/// <summary>The checks every authenticated API request goes through: its <c>api-version</c> and its <c>Sync-Token</c>.</summary>
internal sealed class ApiRequestChecksMiddleware(RequestDelegate next)
{
    /// <summary>Checks the request, then runs the endpoint.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        var target = RequestTarget.Of(context);
        ApiVersions.Check(QueryParameters.Of(context), target);
        SyncTokens.Validate(context.Request.Headers[SyncTokens.HeaderName].ToString());
        return next(context);
    }
}
