using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenFeatureAppConfig.AppConfiguration;

namespace OpenFeatureAppConfig.Hosting.Internal;

/// <summary>
/// Receives App Configuration change events from Event Grid (Event Grid schema or CloudEvents 1.0), answers the
/// subscription validation handshakes, and hands each change's sync token to the matching store's refresher, which
/// makes the background refresh run at once.
/// </summary>
internal sealed class EventGridPushHandler(FlagStoreStatus status, IOptions<FeatureFlagsOptions> options, ILogger<EventGridPushHandler> logger)
{
    private const string ValidationEventType = "Microsoft.EventGrid.SubscriptionValidationEvent";
    private const string KeyValueEventPrefix = "Microsoft.AppConfiguration.KeyValue";
    private const int MaxBodyBytes = 1024 * 1024;

    /// <summary>CloudEvents abuse protection: an OPTIONS request asking whether events from an origin are welcome.</summary>
    public static IResult HandleValidationRequest(HttpContext httpContext)
    {
        var origin = httpContext.Request.Headers["WebHook-Request-Origin"].ToString();
        if (string.IsNullOrWhiteSpace(origin))
        {
            return Results.Problem("The WebHook-Request-Origin header is missing.", statusCode: StatusCodes.Status400BadRequest);
        }

        httpContext.Response.Headers["WebHook-Allowed-Origin"] = origin;
        httpContext.Response.Headers["WebHook-Allowed-Rate"] = "*";
        return Results.Ok();
    }

    public async Task<IResult> HandleEventsAsync(HttpContext httpContext)
    {
        if (httpContext.Request.ContentLength > MaxBodyBytes)
        {
            return Results.Problem("The event batch is larger than 1 MB.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(httpContext.Request.Body, cancellationToken: httpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            return Results.Problem($"The body is not JSON: {e.Message}", statusCode: StatusCodes.Status400BadRequest);
        }

        using (document)
        {
            var events = document.RootElement.ValueKind switch
            {
                JsonValueKind.Array => document.RootElement.EnumerateArray().ToList(),
                JsonValueKind.Object => [document.RootElement],
                _ => null,
            };
            if (events is null)
            {
                return Results.Problem("The body must be an event or an array of events.", statusCode: StatusCodes.Status400BadRequest);
            }

            var accepted = 0;
            for (var i = 0; i < events.Count; i++)
            {
                var e = events[i];
                if (e.ValueKind != JsonValueKind.Object)
                {
                    return Results.Problem($"Event {i} is not an object.", statusCode: StatusCodes.Status400BadRequest);
                }

                // Event Grid schema says eventType; CloudEvents says type.
                var type = GetString(e, "eventType") ?? GetString(e, "type");
                var data = e.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d : (JsonElement?)null;
                if (type == ValidationEventType)
                {
                    var code = data is { } v ? GetString(v, "validationCode") : null;
                    if (string.IsNullOrEmpty(code))
                    {
                        return Results.Problem($"Event {i} is a subscription validation without data.validationCode.", statusCode: StatusCodes.Status400BadRequest);
                    }

                    logger.LogInformation("Answering the Event Grid subscription validation.");
                    return Results.Json(new Dictionary<string, string> { ["validationResponse"] = code });
                }

                if (type is null || !type.StartsWith(KeyValueEventPrefix, StringComparison.Ordinal))
                {
                    continue;
                }

                var syncToken = data is { } kv ? GetString(kv, "syncToken") : null;
                if (string.IsNullOrEmpty(syncToken))
                {
                    return Results.Problem($"Event {i} ({type}) has no data.syncToken.", statusCode: StatusCodes.Status400BadRequest);
                }

                accepted += Deliver(type, syncToken, GetString(e, "subject"));
            }

            return Results.Ok(new Dictionary<string, int> { ["accepted"] = accepted });
        }
    }

    private int Deliver(string type, string syncToken, string? subject)
    {
        // The subject is the changed key's URL in the store; events from another store are not ours.
        Uri.TryCreate(subject, UriKind.Absolute, out var resourceUri);
        var delivered = 0;
        foreach (var refresher in status.Refreshers)
        {
            if (resourceUri is not null && !string.Equals(resourceUri.Host, refresher.AppConfigurationEndpoint.Host, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            try
            {
                refresher.ProcessPushNotification(
                    new PushNotification { SyncToken = syncToken, EventType = type, ResourceUri = resourceUri },
                    options.Value.PushRefreshMaxDelay);
                delivered++;
            }
            catch (ArgumentException e)
            {
                logger.LogWarning("Ignoring a push notification with an unusable sync token: {Reason}", e.Message);
            }
        }

        logger.LogDebug("Push notification {Type} for {Subject} triggered {Count} refresh(es).", type, subject, delivered);
        return delivered;
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
