namespace OpenFeatureAppConfig.Emulator.Protocol;

/// <summary>
/// Turns refusals (<see cref="ProtocolException"/>) into the service's problem+json answers, and any
/// other failure into a 500 problem (logged), so that a client never sees a half-written answer.
/// </summary>
internal sealed class ProblemDetailsMiddleware(RequestDelegate next, ILogger<ProblemDetailsMiddleware> logger)
{
    /// <summary>Runs the rest of the pipeline and reports its refusals.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (ProtocolException problem) when (!context.Response.HasStarted)
        {
            await ProblemDetailsWriter.WriteAsync(context, problem);
        }
        catch (Exception exception) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            logger.LogError(exception, "The emulator failed to answer {Method} {Path}", context.Request.Method, context.Request.Path);
            await ProblemDetailsWriter.WriteAsync(context, StatusCodes.Status500InternalServerError, ProblemTypes.InternalError, "Internal server error", detail: exception.Message);
        }
    }
}
