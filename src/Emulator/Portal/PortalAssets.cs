using System.Collections.Frozen;
using OpenFeatureAppConfig.Emulator.Portal.Assets;

namespace OpenFeatureAppConfig.Emulator.Portal;

/// <summary>
/// The portal's files. They are compiled into the assembly as C# raw string literals, so the page needs
/// no build step, no wwwroot and no static-web-assets manifest, in-process or standalone.
/// </summary>
internal static class PortalAssets
{
    private const string JavaScript = "text/javascript; charset=utf-8";

    /// <summary>The page itself.</summary>
    public static PortalAsset Page { get; } = new("text/html; charset=utf-8", PortalPageHtml.Text);

    /// <summary>The page's scripts and styles by file name (served under <c>/portal/assets/</c>).</summary>
    public static FrozenDictionary<string, PortalAsset> Files { get; } = new Dictionary<string, PortalAsset>(StringComparer.Ordinal)
    {
        ["portal.css"] = new("text/css; charset=utf-8", PortalStylesCss.Text),
        ["app.js"] = new(JavaScript, AppScript.Text),
        ["api.js"] = new(JavaScript, ApiScript.Text),
        ["flag-model.js"] = new(JavaScript, FlagModelScript.Text),
        ["transfer.js"] = new(JavaScript, TransferScript.Text),
    }.ToFrozenDictionary(StringComparer.Ordinal);
}
