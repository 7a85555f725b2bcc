using Microsoft.AspNetCore.Http.Features;

namespace OpenFeatureAppConfig.Emulator.Protocol;

/// <summary>
/// The request target exactly as the client sent it. HMAC signatures cover it byte for byte, and keys
/// travel percent-encoded (<c>/</c> as <c>%2F</c>), so the emulator reads the raw target rather than the
/// path ASP.NET Core has already decoded.
/// </summary>
internal readonly record struct RequestTarget(string RawPath, string RawQuery)
{
    /// <summary>The path and query as sent (e.g. <c>/kv?key=a*&amp;api-version=1.0</c>).</summary>
    public string PathAndQuery => RawQuery.Length == 0 ? RawPath : RawPath + "?" + RawQuery;

    private static readonly object ItemKey = new();

    /// <summary>The request target of <paramref name="context"/> (worked out once per request).</summary>
    public static RequestTarget Of(HttpContext context)
    {
        if (context.Items.TryGetValue(ItemKey, out var cached) && cached is RequestTarget known)
        {
            return known;
        }

        var target = Read(context);
        context.Items[ItemKey] = target;
        return target;
    }

    private static RequestTarget Read(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw) || raw[0] != '/')
        {
            raw = context.Request.Path.ToUriComponent() + context.Request.QueryString.ToUriComponent();
        }

        var question = raw.IndexOf('?');
        return question < 0 ? new RequestTarget(raw, string.Empty) : new RequestTarget(raw[..question], raw[(question + 1)..]);
    }

    /// <summary>
    /// The decoded path segment after <paramref name="prefix"/> (e.g. the key in <c>/kv/{key}</c>),
    /// or null when the path has no such segment.
    /// </summary>
    public string? DecodedSegmentAfter(string prefix)
    {
        if (!RawPath.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || RawPath.Length == prefix.Length)
        {
            return null;
        }

        return Uri.UnescapeDataString(RawPath[prefix.Length..]);
    }
}
