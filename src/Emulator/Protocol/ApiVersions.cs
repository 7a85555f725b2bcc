namespace OpenFeatureAppConfig.Emulator.Protocol;

/// <summary>The <c>api-version</c>s the emulator speaks; the key-value model is the same in all of them.</summary>
internal static class ApiVersions
{
    /// <summary>Every supported version.</summary>
    public static readonly IReadOnlySet<string> Supported = new HashSet<string>(StringComparer.Ordinal)
    {
        "1.0", "2023-10-01", "2023-11-01", "2024-09-01", "2026-04-01",
    };

    /// <summary>Throws the service's 400 when the request's <c>api-version</c> is missing or unknown.</summary>
    public static void Check(QueryParameters query, RequestTarget target)
    {
        var version = query.Single("api-version");
        if (string.IsNullOrEmpty(version))
        {
            throw ProtocolException.InvalidArgument("api-version", "An API version is required, but was not specified.", "API version is not specified");
        }

        if (!Supported.Contains(version))
        {
            throw ProtocolException.InvalidArgument(
                "api-version",
                $"The HTTP resource that matches the request URI '{target.RawPath}' does not support the API version '{version}'. Supported: {string.Join(", ", Supported)}.",
                "Unsupported API version");
        }
    }
}
