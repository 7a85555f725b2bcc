using System.Globalization;

namespace OpenFeatureAppConfig.Emulator.Portal;

/// <summary>Maps the portal page (the emulator's counterpart of the Azure portal's Feature Manager).</summary>
internal static class PortalEndpoints
{
    // The page runs only its own files and talks only to its own origin, plus the loopback experiment readouts it
    // was opened with (PortalReadoutSources).
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'{0}; img-src 'self' data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>Adds the portal page's routes to the emulator's app.</summary>
    public static IEndpointRouteBuilder MapPortal(this IEndpointRouteBuilder endpoints)
    {
        // Loads the embedded files now, so a file without a content type stops the emulator at start-up
        // instead of failing the first browser that asks for the page.
        _ = PortalAssets.Page;
        endpoints.MapGet("/", ServePage).ExcludeFromDescription();
        endpoints.MapGet("/portal", ServePage).ExcludeFromDescription();
        endpoints.MapGet("/portal/assets/{name}", ServeFile).ExcludeFromDescription();
        endpoints.MapGet("/portal/session", ServeSession).ExcludeFromDescription();
        return endpoints;
    }

    private static IResult ServePage(HttpContext context) => Serve(context, PortalAssets.Page, PortalReadoutSources.Origins(context.Request));

    private static IResult ServeFile(HttpContext context, string name) =>
        PortalAssets.Files.TryGetValue(name, out var asset) ? Serve(context, asset, []) : Results.NotFound();

    private static IResult Serve(HttpContext context, PortalAsset asset, IReadOnlyList<string> readoutOrigins)
    {
        if (PortalAccessPolicy.RefusalReason(context, carriesSecret: false) is { } reason)
        {
            return Results.Text(reason, "text/plain; charset=utf-8", statusCode: StatusCodes.Status403Forbidden);
        }

        var headers = context.Response.Headers;
        AddSecurityHeaders(headers, readoutOrigins);
        headers.CacheControl = "no-cache";
        headers.ETag = asset.ETag;
        if (context.Request.Headers.IfNoneMatch.Any(value => value is not null && value.Contains(asset.ETag, StringComparison.Ordinal)))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(asset.Content, asset.ContentType);
    }

    private static IResult ServeSession(HttpContext context)
    {
        if (PortalAccessPolicy.RefusalReason(context, carriesSecret: true) is { } reason)
        {
            return Results.Text(reason, "text/plain; charset=utf-8", statusCode: StatusCodes.Status403Forbidden);
        }

        var headers = context.Response.Headers;
        AddSecurityHeaders(headers, []);
        headers.CacheControl = "no-store";
        return Results.Json(PortalSession.For(context));
    }

    private static void AddSecurityHeaders(IHeaderDictionary headers, IReadOnlyList<string> readoutOrigins)
    {
        headers.ContentSecurityPolicy = string.Format(CultureInfo.InvariantCulture, ContentSecurityPolicy, string.Concat(readoutOrigins.Select(origin => " " + origin)));
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
    }
}
