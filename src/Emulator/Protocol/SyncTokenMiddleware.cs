using OpenFeatureAppConfig.Emulator.Storage;

namespace OpenFeatureAppConfig.Emulator.Protocol;

/// <summary>
/// Gives every API answer (errors and 401s included) a <c>Sync-Token</c> header for the store's latest
/// change; set as the answer starts, so that it covers the request's own write.
/// </summary>
internal sealed class SyncTokenMiddleware(RequestDelegate next, KeyValueStore store, SyncTokens syncTokens)
{
    /// <summary>Registers the header, then runs the rest of the pipeline.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[SyncTokens.HeaderName] = syncTokens.For(store.Sequence);
            return Task.CompletedTask;
        });
        return next(context);
    }
}
