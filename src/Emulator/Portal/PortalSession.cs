using System.Text.Json.Serialization;
using OpenFeatureAppConfig.Emulator.Auth;

namespace OpenFeatureAppConfig.Emulator.Portal;

/// <summary>
/// What the page needs to call the REST API like any client: the read-write access key (the page signs
/// each request with HMAC-SHA256 in the browser) and the api-version it sends.
/// </summary>
internal sealed record PortalSession(
    [property: JsonPropertyName("credential")] string Credential,
    [property: JsonPropertyName("secret")] string Secret,
    [property: JsonPropertyName("apiVersion")] string ApiVersion)
{
    /// <summary>The api-version the page sends: one every supported client and the service understand.</summary>
    public const string PageApiVersion = "2024-09-01";

    /// <summary>The session for the emulator answering <paramref name="context"/>.</summary>
    public static PortalSession For(HttpContext context)
    {
        var key = context.RequestServices.GetRequiredService<AccessKeySet>().ReadWrite;
        return new PortalSession(key.Id, key.Secret, PageApiVersion);
    }
}
