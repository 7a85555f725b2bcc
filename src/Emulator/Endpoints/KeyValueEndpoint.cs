using OpenFeatureAppConfig.Emulator.Hosting;
using OpenFeatureAppConfig.Emulator.Protocol;
using OpenFeatureAppConfig.Emulator.Storage;

namespace OpenFeatureAppConfig.Emulator.Endpoints;

/// <summary><c>GET</c>/<c>HEAD</c>/<c>PUT</c>/<c>DELETE /kv/{key}?label=</c>: one key-value.</summary>
internal static class KeyValueEndpoint
{
    /// <summary>The path prefix of single key-values.</summary>
    public const string PathPrefix = "/kv/";

    /// <summary>Answers a read: 404 when absent, 304 on a matching <c>If-None-Match</c>, 412 on a failing <c>If-Match</c>.</summary>
    public static Task GetAsync(HttpContext context)
    {
        var (store, key, label, query) = Parse(context);
        var fields = FieldSelection.Parse(query.Single("$select"));
        var moment = PointInTime.Of(context);
        var item = moment is { } at
            ? store.StateAt(at).FirstOrDefault(kv => kv.Id == new KeyValueId(key, label))
            : store.Get(key, label);
        var response = context.Response;
        if (item is null)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        var condition = EntityTags.ConditionOf(context.Request);
        if (condition.IfMatch is not null && !WriteCondition.Matches(condition.IfMatch, item))
        {
            response.StatusCode = StatusCodes.Status412PreconditionFailed;
            return Task.CompletedTask;
        }

        SetEntityHeaders(response, item);
        if (condition.IfNoneMatch is not null && WriteCondition.Matches(condition.IfNoneMatch, item))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.StatusCode = StatusCodes.Status200OK;
        return ResponseWriter.WriteBodyAsync(context, MediaTypes.KeyValue, KeyValueJson.ToBytes(item, fields));
    }

    /// <summary>Creates or replaces a key-value.</summary>
    public static async Task PutAsync(HttpContext context)
    {
        WriteAccess.Require(context);
        var (store, key, label, _) = Parse(context);
        if (!MediaTypes.IsAcceptedRequestBody(context.Request.ContentType))
        {
            throw new ProtocolException(StatusCodes.Status415UnsupportedMediaType, ProblemTypes.InvalidMediaType, "Unsupported media type", "Content-Type", $"The body must be JSON (application/vnd.microsoft.appconfig.kv+json or application/json), not '{context.Request.ContentType}'.");
        }

        var body = KeyValueRequestBody.Parse(await RequestBody.ReadAsync(context), key, label);
        KeyValueRules.CheckValue(key, body.Value, body.ContentType, context.RequestServices.GetRequiredService<EmulatorSettings>().ValidateFeatureFlags);
        var result = store.Set(key, label, body.Value, body.ContentType, body.Tags, EntityTags.ConditionOf(context.Request));
        await AnswerWriteAsync(context, result);
    }

    /// <summary>Deletes a key-value: 200 with the deleted item, or 204 when there was none.</summary>
    public static Task DeleteAsync(HttpContext context)
    {
        WriteAccess.Require(context);
        var (store, key, label, _) = Parse(context);
        var result = store.Delete(key, label, EntityTags.ConditionOf(context.Request));
        return AnswerWriteAsync(context, result);
    }

    /// <summary>Answers the outcome of a write the way the service does.</summary>
    public static Task AnswerWriteAsync(HttpContext context, WriteResult result, int notFoundStatus = StatusCodes.Status204NoContent)
    {
        var response = context.Response;
        switch (result.Outcome)
        {
            case WriteOutcome.Applied:
                SetEntityHeaders(response, result.Item!);
                response.StatusCode = StatusCodes.Status200OK;
                return ResponseWriter.WriteBodyAsync(context, MediaTypes.KeyValue, KeyValueJson.ToBytes(result.Item!));
            case WriteOutcome.NotFound:
                response.StatusCode = notFoundStatus;
                return Task.CompletedTask;
            case WriteOutcome.PreconditionFailed:
                response.StatusCode = StatusCodes.Status412PreconditionFailed;
                return Task.CompletedTask;
            default:
                var item = result.Item!;
                throw new ProtocolException(
                    StatusCodes.Status409Conflict,
                    ProblemTypes.KeyLocked,
                    $"Modifying key '{item.Key}' is not allowed",
                    item.Key,
                    $"The key '{item.Key}' with label '{item.Label ?? "\\0"}' is read-only. To allow modification unlock it first.");
        }
    }

    /// <summary>The store, key, label and query of a request on one key-value (<paramref name="prefix"/> = its path root).</summary>
    public static (KeyValueStore Store, string Key, string? Label, QueryParameters Query) Parse(HttpContext context, string prefix = PathPrefix)
    {
        var target = RequestTarget.Of(context);
        var query = QueryParameters.Of(context);
        var key = target.DecodedSegmentAfter(prefix);
        var label = KeyValueRules.NormalizeLabel(query.Single("label"));
        if (label == "\0")
        {
            label = null;
        }

        KeyValueRules.CheckIdentity(key, label);
        return (context.RequestServices.GetRequiredService<KeyValueStore>(), key!, label, query);
    }

    private static void SetEntityHeaders(HttpResponse response, KeyValue item)
    {
        response.Headers.ETag = EntityTags.Quote(item.ETag);
        response.Headers.LastModified = HttpDates.ToHeader(item.LastModified);
    }
}
