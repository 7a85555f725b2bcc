using OpenFeatureAppConfig.Emulator.Protocol;

namespace OpenFeatureAppConfig.Emulator.Hosting;

/// <summary>
/// The last resort for every path: a failure nothing else handled is logged in full and answered with a
/// generic problem+json 500. The answer never carries the exception's message, which may hold paths or
/// stored values; the log has them.
/// </summary>
internal sealed class UnhandledFailureMiddleware(RequestDelegate next, ILogger<UnhandledFailureMiddleware> logger)
{
    /// <summary>Runs the rest of the pipeline, catching what escapes it.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (!context.RequestAborted.IsCancellationRequested)
        {
            logger.LogError(exception, "The emulator failed to answer {Method} {Path}", context.Request.Method, context.Request.Path);
            if (context.Response.HasStarted)
            {
                // Part of the answer has left: the only honest signal left is a broken connection.
                context.Abort();
                return;
            }

            context.Response.Clear();
            await ProblemDetailsWriter.WriteAsync(context, StatusCodes.Status500InternalServerError, ProblemTypes.InternalError, "Internal server error", detail: "The emulator failed to answer this request; its log says why.");
        }
    }
}
