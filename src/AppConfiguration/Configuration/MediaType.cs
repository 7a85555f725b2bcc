namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>Content-type helpers: settings' content types are compared by media type, without parameters.</summary>
internal static class MediaType
{
    /// <summary>The media type of a content type (<c>a/b; charset=utf-8</c> → <c>a/b</c>), or null.</summary>
    public static string? Of(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        var semicolon = contentType.IndexOf(';');
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
    }
}
