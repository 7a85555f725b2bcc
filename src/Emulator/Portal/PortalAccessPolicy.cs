using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace OpenFeatureAppConfig.Emulator.Portal;

/// <summary>
/// Who may load the portal. The page carries the read-write access key, so it is served only when
/// nothing but this machine can reach it: the emulator listens on loopback addresses only, the request
/// came over loopback, and its Host names a loopback address (which stops DNS-rebinding pages from
/// reading the key). Browsers also treat loopback origins as secure contexts, which Web Crypto needs.
/// </summary>
internal static class PortalAccessPolicy
{
    /// <summary>
    /// Why the request may not have the portal, or null when it may. <paramref name="carriesSecret"/>: the
    /// answer holds the access key, so only the portal page itself (a same-origin fetch) may ask for it.
    /// </summary>
    public static string? RefusalReason(HttpContext context, bool carriesSecret)
    {
        var addresses = context.RequestServices.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
        if (addresses is null || addresses.Count == 0)
        {
            return "The portal page is served only by an emulator listening on loopback, and this server's addresses are unknown.";
        }

        var exposed = addresses.Where(address => !IsLoopbackHost(BindingAddress.Parse(address).Host)).ToList();
        if (exposed.Count > 0)
        {
            return $"The portal page is served only when the emulator listens on loopback addresses only (127.0.0.1, ::1 or localhost); it listens on {string.Join(", ", exposed)}. Use the REST API with an access key instead.";
        }

        var remote = context.Connection.RemoteIpAddress;
        if (remote is null || !IPAddress.IsLoopback(remote))
        {
            return "The portal page is served only to requests over loopback.";
        }

        if (!IsLoopbackHost(context.Request.Host.Host))
        {
            return $"The portal page is served only under a loopback host name (127.0.0.1, [::1] or localhost), not '{context.Request.Host.Host}'.";
        }

        // Another origin's page cannot read a cross-origin answer anyway; refusing it outright also keeps the
        // key out of caches and side channels.
        var fetchSite = context.Request.Headers["Sec-Fetch-Site"].ToString();
        if (carriesSecret && fetchSite.Length > 0 && fetchSite is not ("same-origin" or "none"))
        {
            return "The portal session is given to the portal page itself only.";
        }

        return null;
    }

    private static bool IsLoopbackHost(string host)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }
}
