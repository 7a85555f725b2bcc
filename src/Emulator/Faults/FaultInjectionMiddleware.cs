using System.Globalization;
using OpenFeatureAppConfig.Emulator.Diagnostics;
using OpenFeatureAppConfig.Emulator.Protocol;

namespace OpenFeatureAppConfig.Emulator.Faults;

/// <summary>Applies the <see cref="EmulatorFaults"/> switched on at the moment a request arrives.</summary>
internal sealed class FaultInjectionMiddleware(RequestDelegate next, EmulatorFaults faults, TimeProvider time)
{
    /// <summary>Fails, delays or passes the request on.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        if (!faults.IsAnyActive)
        {
            await next(context);
            return;
        }

        var predicate = faults.FailWhen;
        if (predicate is not null && !predicate(Describe(context)))
        {
            await next(context);
            return;
        }

        if (faults.Latency > TimeSpan.Zero)
        {
            await Task.Delay(faults.Latency, time, context.RequestAborted);
        }

        var onlyPredicate = predicate is not null && !faults.Outage && faults.DropConnectionRate == 0 && faults.ThrottleRate == 0 && faults.ServerErrorRate == 0 && faults.Latency == TimeSpan.Zero;
        if (faults.Outage || onlyPredicate)
        {
            await ProblemDetailsWriter.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ProblemTypes.InternalError, "Service unavailable", detail: "The emulator simulates an outage (fault injection).");
            return;
        }

        if (Draw(faults.DropConnectionRate))
        {
            ConnectionDrop.Drop(context);
            return;
        }

        if (Draw(faults.ThrottleRate))
        {
            var wait = faults.ThrottleRetryAfter;
            context.Response.Headers["retry-after-ms"] = ((long)wait.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
            context.Response.Headers.RetryAfter = ((long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await ProblemDetailsWriter.WriteAsync(
                context,
                StatusCodes.Status429TooManyRequests,
                ProblemTypes.TooManyRequests,
                "Resource utilization has surpassed the assigned quota",
                extensions: [new("policy", "Total Requests")]);
            return;
        }

        if (Draw(faults.ServerErrorRate))
        {
            var status = Random.Shared.Next(2) == 0 ? StatusCodes.Status500InternalServerError : StatusCodes.Status503ServiceUnavailable;
            await ProblemDetailsWriter.WriteAsync(context, status, ProblemTypes.InternalError, status == 500 ? "Internal server error" : "Service unavailable", detail: "Injected failure (fault injection).");
            return;
        }

        await next(context);
    }

    private static bool Draw(double rate) => rate > 0 && Random.Shared.NextDouble() < rate;

    private static HttpRequestInfo Describe(HttpContext context)
    {
        var target = RequestTarget.Of(context);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        return new HttpRequestInfo(context.Request.Method, target.RawPath, target.PathAndQuery, headers);
    }
}
