using System.Net;

namespace OpenFeatureAppConfig.Emulator.Portal;

/// <summary>
/// The experiment readouts the portal page may fetch: the page is opened with <c>?readout=&lt;url&gt;</c> (repeatable)
/// pointing at an app's readout endpoint, and only those URLs' origins join the page's <c>connect-src</c>. Only
/// http(s) URLs on a loopback host without user info qualify: the portal is a local tool, so a crafted portal link
/// can never make the page talk to another machine. The page fetches them without credentials, so the emulator's
/// access key never leaves it; the app decides, through its own CORS policy, whether the page may read the answer.
/// </summary>
internal static class PortalReadoutSources
{
    public const string QueryParameter = "readout";

    /// <summary>At most this many readouts per page, so a long link cannot grow the header without bound.</summary>
    private const int MaxSources = 8;

    /// <summary>The distinct origins (<c>http://127.0.0.1:5000</c>) of the request's acceptable readout URLs.</summary>
    public static IReadOnlyList<string> Origins(HttpRequest request) =>
        request.Query[QueryParameter]
            .Select(value => Uri.TryCreate(value, UriKind.Absolute, out var uri) && IsAcceptable(uri) ? uri.GetLeftPart(UriPartial.Authority) : null)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Take(MaxSources)
            .ToList();

    private static bool IsAcceptable(Uri uri) =>
        (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.UserInfo.Length == 0
        // CSP host sources cannot name IPv6 literals, so [::1] is left out: localhost or 127.x.y.z.
        && (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (uri.HostNameType == UriHostNameType.IPv4 && IPAddress.IsLoopback(IPAddress.Parse(uri.Host))));
}
