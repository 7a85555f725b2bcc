using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.FeatureManagement;
using OpenFeature;
using OpenFeature.Model;

namespace OpenFeatureAppConfig.Hosting.Ofrep;

/// <summary>
/// Answers the two OFREP evaluation requests: status codes, caller checks and the bulk ETag. Callers may be anyone:
/// what went wrong inside goes to the logs, answers carry only an error code and a generic message.
/// </summary>
internal sealed class OfrepRequestHandler(OfrepOptions options)
{
    public async Task EvaluateFlagAsync(HttpContext http, string key)
    {
        var (started, context) = await TryStartAsync(http);
        if (!started)
        {
            return;
        }

        var evaluator = CreateEvaluator(http);
        var evaluation = options.IsExposed(key)
            ? await evaluator.EvaluateAsync(key, context!, http.RequestAborted)
            : OfrepEvaluation.NotFound(key);
        LogFailures(http, [evaluation]);
        var (status, body) = OfrepResponseWriter.Single(evaluation);
        await WriteAsync(http, status, body);
    }

    public async Task EvaluateFlagsAsync(HttpContext http)
    {
        var (started, context) = await TryStartAsync(http);
        if (!started)
        {
            return;
        }

        var evaluator = CreateEvaluator(http);
        var evaluations = await evaluator.EvaluateAllAsync(options.IsExposed, context!, http.RequestAborted);
        LogFailures(http, evaluations);
        if (evaluations.Any(e => e.IsProviderUnavailable))
        {
            // Answering defaults would overwrite what browsers cached; a 500 makes them keep it and retry.
            await WriteAsync(http, StatusCodes.Status500InternalServerError, OfrepResponseWriter.GeneralError(OfrepResponseWriter.ProviderUnavailable));
            return;
        }

        var body = OfrepResponseWriter.Bulk(evaluations);
        var etag = OfrepETag.Of(body);
        http.Response.Headers.ETag = etag;
        http.Response.Headers.CacheControl = "no-cache";
        if (OfrepETag.Matches(http.Request.Headers.IfNoneMatch, etag))
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        await WriteAsync(http, StatusCodes.Status200OK, body);
    }

    /// <summary>Checks the caller and reads the request's context; answers the request itself when either fails.</summary>
    private async Task<(bool Started, EvaluationContext? Context)> TryStartAsync(HttpContext http)
    {
        if (options.AllowCaller is { } allow && !allow(http))
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return (false, null);
        }

        var read = await OfrepRequestReader.ReadContextAsync(http.Request, http.RequestAborted);
        if (read.ErrorCode is { } errorCode)
        {
            var key = http.Request.RouteValues.TryGetValue("key", out var routeKey) ? routeKey as string : null;
            await WriteAsync(http, StatusCodes.Status400BadRequest, OfrepResponseWriter.RequestError(key, errorCode, read.ErrorDetails!));
            return (false, null);
        }

        if (OfrepFlagSource.IsNotLoaded(http.RequestServices))
        {
            // Not an empty list, nor a 404: both would make clients drop the flags they cached. A 500 keeps them.
            await WriteAsync(http, StatusCodes.Status500InternalServerError, OfrepResponseWriter.GeneralError(OfrepResponseWriter.NotLoaded));
            return (false, null);
        }

        if (options.ConfigureContext is { } configure)
        {
            var builder = EvaluationContext.Builder().Merge(read.Context!);
            configure(http, builder);
            return (true, builder.Build());
        }

        return (true, read.Context);
    }

    private static void LogFailures(HttpContext http, IEnumerable<OfrepEvaluation> evaluations)
    {
        // Debug, not Warning: anyone can make these requests, and the feature manager logs a failing flag once anyway.
        var logger = http.RequestServices.GetService<ILoggerFactory>()?.CreateLogger(typeof(OfrepRequestHandler).FullName!);
        if (logger is null || !logger.IsEnabled(LogLevel.Debug))
        {
            return;
        }

        foreach (var evaluation in evaluations.Where(e => !e.IsSuccess))
        {
            logger.LogDebug("OFREP evaluation of flag {Flag} failed with {ErrorType}: {ErrorDetails}", evaluation.Key, evaluation.ErrorType, evaluation.ErrorDetails);
        }
    }

    private static OfrepEvaluator CreateEvaluator(HttpContext http) => new(
        http.RequestServices.GetRequiredService<IFeatureClient>(),
        http.RequestServices.GetRequiredService<IFeatureDefinitionProvider>());

    private static async Task WriteAsync(HttpContext http, int status, byte[] body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" }.ToString();
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }
}
