using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenFeatureAppConfig.AppConfiguration;

namespace OpenFeatureAppConfig.Hosting.Internal;

/// <summary>
/// Receives App Configuration change events from Event Grid (Event Grid schema or CloudEvents 1.0), answers the
/// subscription validation handshakes, and hands each change's sync token to the matching store's refresher, which
/// makes the background refresh run at once (coalesced, see <see cref="AzureAppConfigurationOptions.PushCoalescingInterval"/>).
/// </summary>
/// <remarks>
/// The caller is untrusted. Every event of a batch is checked before any is delivered, so a refused batch changes
/// nothing: a change event must carry a well-formed sync token and a subject that is an absolute http(s) URL; it
/// is delivered only to the store whose scheme, host and port the subject names.
/// </remarks>
internal sealed class EventGridPushHandler(FlagStoreStatus status, IOptions<FeatureFlagsOptions> options, ILogger<EventGridPushHandler> logger)
{
    private const string ValidationEventType = "Microsoft.EventGrid.SubscriptionValidationEvent";
    private const string KeyValueEventPrefix = "Microsoft.AppConfiguration.KeyValue";
    private const int MaxBodyBytes = 1024 * 1024;
    private const int MaxEvents = 1000;

    /// <summary>CloudEvents abuse protection: an OPTIONS request asking whether events from an origin are welcome.</summary>
    public static IResult HandleValidationRequest(HttpContext httpContext)
    {
        var origin = httpContext.Request.Headers["WebHook-Request-Origin"].ToString();
        if (string.IsNullOrWhiteSpace(origin))
        {
            return BadRequest("The WebHook-Request-Origin header is missing.");
        }

        if (origin.Length > 256 || !origin.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ':'))
        {
            return BadRequest("The WebHook-Request-Origin header is not a host name.");
        }

        httpContext.Response.Headers["WebHook-Allowed-Origin"] = origin;
        httpContext.Response.Headers["WebHook-Allowed-Rate"] = "*";
        return Results.Ok();
    }

    public async Task<IResult> HandleEventsAsync(HttpContext httpContext)
    {
        if (httpContext.Request.ContentLength > MaxBodyBytes)
        {
            return TooLarge();
        }

        JsonDocument document;
        try
        {
            using var body = new MemoryStream();
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await httpContext.Request.Body.ReadAsync(buffer, httpContext.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (body.Length + read > MaxBodyBytes)
                {
                    return TooLarge();
                }

                body.Write(buffer, 0, read);
            }

            document = JsonDocument.Parse(body.GetBuffer().AsMemory(0, (int)body.Length));
        }
        catch (JsonException)
        {
            return BadRequest("The body is not JSON (UTF-8, at most 64 levels deep).");
        }
        catch (BadHttpRequestException e)
        {
            return Results.Problem("The body could not be read.", statusCode: e.StatusCode);
        }

        using (document)
        {
            return Handle(document.RootElement);
        }
    }

    private IResult Handle(JsonElement root)
    {
        var events = root.ValueKind switch
        {
            JsonValueKind.Array => root.EnumerateArray().ToList(),
            JsonValueKind.Object => [root],
            _ => null,
        };
        if (events is null)
        {
            return BadRequest("The body must be an event or an array of events.");
        }

        if (events.Count > MaxEvents)
        {
            return BadRequest($"The batch has more than {MaxEvents} events.");
        }

        var deliveries = new List<(PushNotification Notification, IConfigurationRefresher Store)>();
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (e.ValueKind != JsonValueKind.Object)
            {
                return BadRequest($"Event {i} is not an object.");
            }

            // Event Grid schema says eventType; CloudEvents says type.
            var type = GetString(e, "eventType") ?? GetString(e, "type");
            var data = e.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d : (JsonElement?)null;
            if (type == ValidationEventType)
            {
                var code = data is { } v ? GetString(v, "validationCode") : null;
                if (string.IsNullOrEmpty(code) || code.Length > 256)
                {
                    return BadRequest($"Event {i} is a subscription validation without a data.validationCode of at most 256 characters.");
                }

                logger.LogInformation("Answering the Event Grid subscription validation.");
                return Results.Json(new Dictionary<string, string> { ["validationResponse"] = code });
            }

            if (type is null || !type.StartsWith(KeyValueEventPrefix, StringComparison.Ordinal) || type.Length > 128)
            {
                continue;
            }

            var syncToken = data is { } kv ? GetString(kv, "syncToken") : null;
            if (string.IsNullOrEmpty(syncToken))
            {
                return BadRequest($"Event {i} ({type}) has no data.syncToken.");
            }

            var subject = GetString(e, "subject");
            if (!Uri.TryCreate(subject, UriKind.Absolute, out var resource) || (resource.Scheme != Uri.UriSchemeHttps && resource.Scheme != Uri.UriSchemeHttp))
            {
                return BadRequest($"Event {i} ({type}) has no subject naming the store: expected the changed key's URL, e.g. https://<store>.azconfig.io/kv/<key>.");
            }

            PushNotification notification;
            try
            {
                // The key lets the refresh read only the page that can hold it; without one, every page is checked.
                notification = new PushNotification
                {
                    SyncToken = syncToken,
                    EventType = type,
                    ResourceUri = resource,
                    Key = GetString(data!.Value, "key"),
                    Label = GetString(data.Value, "label"),
                };
            }
            catch (ArgumentException error)
            {
                return BadRequest(error.ParamName is nameof(PushNotification.Key) or nameof(PushNotification.Label)
                    ? $"Event {i} ({type}) has a data.{error.ParamName.ToLowerInvariant()} that is not taken: {error.Message}"
                    : $"Event {i} ({type}) has a data.syncToken that is not a sync token: {error.Message}");
            }

            deliveries.AddRange(status.Refreshers.Where(store => IsSameStore(resource, store.AppConfigurationEndpoint)).Select(store => (notification, store)));
        }

        foreach (var (notification, store) in deliveries)
        {
            store.ProcessPushNotification(notification, options.Value.PushRefreshMaxDelay);
        }

        logger.LogDebug("A push of {Events} event(s) triggered {Count} refresh(es).", events.Count, deliveries.Count);
        return Results.Ok(new Dictionary<string, int> { ["accepted"] = deliveries.Count });
    }

    /// <summary>The subject is the changed key's URL in its store: ours only when scheme, host and port all match.</summary>
    private static bool IsSameStore(Uri subject, Uri endpoint) =>
        string.Equals(subject.Scheme, endpoint.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(subject.IdnHost, endpoint.IdnHost, StringComparison.OrdinalIgnoreCase)
        && subject.Port == endpoint.Port;

    private static IResult BadRequest(string detail) => Results.Problem(detail, statusCode: StatusCodes.Status400BadRequest);

    private static IResult TooLarge() =>
        Results.Problem($"The event batch is larger than {MaxBodyBytes / 1024 / 1024} MB.", statusCode: StatusCodes.Status413PayloadTooLarge);

    /// <summary>A string property, or null when it is missing, not a string, or not valid UTF-16 (a lone surrogate).</summary>
    private static string? GetString(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
