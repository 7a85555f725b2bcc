namespace OpenFeatureAppConfig.Emulator.Protocol;

/// <summary>
/// The link to a listing's next page: the request's own path and query with <c>after</c> (lowercase,
/// as Azure's JS provider reads it) replaced by the new token. Given both as <c>@nextLink</c> in the
/// body and as <c>Link: &lt;...&gt;; rel="next"</c>, also on a 304.
/// </summary>
internal static class PageLinks
{
    /// <summary>The relative link to the page after <paramref name="token"/>.</summary>
    public static string Next(RequestTarget target, string token)
    {
        var kept = target.RawQuery
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(part => !IsAfter(part));
        return target.RawPath + "?" + string.Join('&', kept.Append("after=" + Uri.EscapeDataString(token)));
    }

    /// <summary>Sets the <c>Link</c> header for <paramref name="nextLink"/> (nothing when null).</summary>
    public static void SetHeader(HttpResponse response, string? nextLink)
    {
        if (nextLink is not null)
        {
            response.Headers.Link = "<" + nextLink + ">; rel=\"next\"";
        }
    }

    private static bool IsAfter(string part)
    {
        var equals = part.IndexOf('=');
        var name = equals < 0 ? part : part[..equals];
        return string.Equals(Uri.UnescapeDataString(name), "after", StringComparison.OrdinalIgnoreCase);
    }
}
