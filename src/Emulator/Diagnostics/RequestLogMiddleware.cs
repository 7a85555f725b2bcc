using Microsoft.AspNetCore.Http.Features;
using OpenFeatureAppConfig.Emulator.Protocol;

namespace OpenFeatureAppConfig.Emulator.Diagnostics;

/// <summary>
/// Records every request in the <see cref="EmulatorRequestLog"/>, with the size of the body answered.
/// The entry is added just before the answer's headers leave (or when the pipeline ends without an
/// answer), so that a client that has seen an answer always finds its request in the log.
/// </summary>
internal sealed class RequestLogMiddleware(RequestDelegate next, EmulatorRequestLog log, TimeProvider time)
{
    /// <summary>Runs the pipeline, counting the response body, and records the request.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        var arrived = time.GetUtcNow();
        var target = RequestTarget.Of(context);
        var headers = context.Request.Headers.ToDictionary(
            h => h.Key,
            h => h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase) ? h.Value.ToString().Split(' ')[0] : h.Value.ToString(),
            StringComparer.OrdinalIgnoreCase);

        var originalBody = context.Features.Get<IHttpResponseBodyFeature>()!;
        var counter = new CountingStream(originalBody.Stream);
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(counter, originalBody));
        var recorded = 0;
        void Record(bool aborted)
        {
            if (Interlocked.Exchange(ref recorded, 1) == 1)
            {
                return;
            }

            var response = context.Response;
            long? declared = HttpMethods.IsHead(context.Request.Method) ? 0 : response.ContentLength;
            var status = aborted && !response.HasStarted ? 0 : response.StatusCode;
            log.Add(new LoggedRequest(arrived, context.Request.Method, target.PathAndQuery, headers, status, () => declared ?? counter.BytesWritten, aborted));
        }

        ConnectionDrop.BeforeDrop(context, () => Record(aborted: true));
        context.Response.OnStarting(() =>
        {
            Record(aborted: false);
            return Task.CompletedTask;
        });

        try
        {
            await next(context);
        }
        finally
        {
            context.Features.Set(originalBody);
            Record(context.RequestAborted.IsCancellationRequested);
        }
    }
}
