using System.Collections.Frozen;
using System.Reflection;

namespace OpenFeatureAppConfig.Emulator.Portal;

/// <summary>
/// The portal's files: <c>Portal/wwwroot/*</c> in the source tree, embedded in this assembly under the
/// <c>portal/</c> resource prefix (see the project file), so the page needs no wwwroot folder on disk
/// and no static-web-assets manifest, in-process or standalone.
/// </summary>
internal static class PortalAssets
{
    private const string ResourcePrefix = "portal/";
    private const string PageName = "index.html";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, PortalAsset> All = Load(typeof(PortalAssets).Assembly);

    /// <summary>The page itself (<c>index.html</c>, served at <c>/</c> and <c>/portal</c>).</summary>
    public static PortalAsset Page { get; } = All.TryGetValue(PageName, out var page)
        ? page
        : throw new InvalidOperationException($"The emulator assembly has no embedded {ResourcePrefix}{PageName}.");

    /// <summary>The page's scripts and styles by file name (served under <c>/portal/assets/</c>).</summary>
    public static FrozenDictionary<string, PortalAsset> Files { get; } =
        All.Where(file => file.Key != PageName).ToFrozenDictionary(StringComparer.Ordinal);

    private static FrozenDictionary<string, PortalAsset> Load(Assembly assembly)
    {
        var files = new Dictionary<string, PortalAsset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var name = resource[ResourcePrefix.Length..];
            if (!ContentTypes.TryGetValue(Path.GetExtension(name), out var contentType))
            {
                // A file type the page does not use must be given a content type on purpose, not guessed.
                throw new InvalidOperationException($"The embedded portal file '{name}' has no known content type.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[name] = new PortalAsset(contentType, copy.ToArray());
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
