namespace OpenFeatureAppConfig.Emulator.Protocol;

/// <summary>Which paths belong to the App Configuration REST API (the rest, e.g. the portal page, does not).</summary>
internal static class ApiPaths
{
    private static readonly string[] Roots = ["/kv", "/keys", "/labels", "/locks", "/revisions"];

    /// <summary>Whether <paramref name="path"/> is an API resource.</summary>
    public static bool IsApi(PathString path)
    {
        var value = path.Value ?? string.Empty;
        foreach (var root in Roots)
        {
            if (value.StartsWith(root, StringComparison.OrdinalIgnoreCase)
                && (value.Length == root.Length || value[root.Length] == '/'))
            {
                return true;
            }
        }

        return false;
    }
}
