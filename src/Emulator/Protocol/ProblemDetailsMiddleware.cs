namespace OpenFeatureAppConfig.Emulator.Protocol;

/// <summary>
/// Turns refusals (<see cref="ProtocolException"/>) into the service's problem+json answers. Any other
/// failure is left to <see cref="Hosting.UnhandledFailureMiddleware"/>.
/// </summary>
internal sealed class ProblemDetailsMiddleware(RequestDelegate next)
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
    }
}
