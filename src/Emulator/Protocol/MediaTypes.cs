namespace OpenFeatureAppConfig.Emulator.Protocol;

/// <summary>The service's media types.</summary>
internal static class MediaTypes
{
    /// <summary>One key-value.</summary>
    public const string KeyValue = "application/vnd.microsoft.appconfig.kv+json; charset=utf-8";

    /// <summary>A page of key-values (or of revisions).</summary>
    public const string KeyValueSet = "application/vnd.microsoft.appconfig.kvset+json; charset=utf-8";

    /// <summary>A page of keys.</summary>
    public const string KeySet = "application/vnd.microsoft.appconfig.keyset+json; charset=utf-8";

    /// <summary>A page of labels.</summary>
    public const string LabelSet = "application/vnd.microsoft.appconfig.labelset+json; charset=utf-8";

    /// <summary>The content type of feature flag key-values, compared on the media type only.</summary>
    public const string FeatureFlag = "application/vnd.microsoft.appconfig.ff+json;charset=utf-8";

    /// <summary>Whether <paramref name="contentType"/> is the feature flag media type (parameters ignored).</summary>
    public static bool IsFeatureFlag(string? contentType) =>
        contentType is not null && MediaTypeOf(contentType).Equals("application/vnd.microsoft.appconfig.ff+json", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether a PUT body with this <c>Content-Type</c> is JSON the emulator reads.</summary>
    public static bool IsAcceptedRequestBody(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return true;
        }

        var mediaType = MediaTypeOf(contentType);
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase) && mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase);
    }

    private static string MediaTypeOf(string contentType)
    {
        var semicolon = contentType.IndexOf(';');
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
    }
}
