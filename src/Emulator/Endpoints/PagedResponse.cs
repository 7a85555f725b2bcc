using OpenFeatureAppConfig.Emulator.Protocol;
using OpenFeatureAppConfig.Emulator.Storage;

namespace OpenFeatureAppConfig.Emulator.Endpoints;

/// <summary>
/// Answers one page of a listing: the page's entity tag in the <c>ETag</c> header (and the body), the
/// next page in <c>Link</c> (and <c>@nextLink</c>), 304 when <c>If-None-Match</c> names the page's tag,
/// 412 when <c>If-Match</c> does not.
/// </summary>
internal static class PagedResponse
{
    /// <summary>Answers the page; <paramref name="body"/> is only built when a body is sent.</summary>
    public static Task WriteAsync(HttpContext context, string mediaType, IEnumerable<string> itemTags, string? nextLink, Func<string, byte[]> body)
    {
        var etag = EntityTags.ForPage(itemTags, nextLink);
        var response = context.Response;
        var ifMatch = EntityTags.Parse(context.Request.Headers.IfMatch.ToString());
        if (ifMatch is not null && !WriteCondition.Matches(ifMatch, etag))
        {
            response.StatusCode = StatusCodes.Status412PreconditionFailed;
            return Task.CompletedTask;
        }

        response.Headers.ETag = EntityTags.Quote(etag);
        PageLinks.SetHeader(response, nextLink);
        var ifNoneMatch = EntityTags.Parse(context.Request.Headers.IfNoneMatch.ToString());
        if (ifNoneMatch is not null && WriteCondition.Matches(ifNoneMatch, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.StatusCode = StatusCodes.Status200OK;
        return ResponseWriter.WriteBodyAsync(context, mediaType, body(etag));
    }
}
