using System.Security.Cryptography;

namespace OpenFeatureAppConfig.Emulator.Portal;

/// <summary>One static file of the portal page, with a strong ETag of its content.</summary>
internal sealed class PortalAsset
{
    public PortalAsset(string contentType, byte[] content)
    {
        ContentType = contentType;
        Content = content;
        ETag = "\"" + Convert.ToHexString(SHA256.HashData(Content), 0, 16).ToLowerInvariant() + "\"";
    }

    /// <summary>The Content-Type header value.</summary>
    public string ContentType { get; }

    /// <summary>The UTF-8 bytes served, as they are in the file.</summary>
    public byte[] Content { get; }

    /// <summary>The quoted ETag header value.</summary>
    public string ETag { get; }
}
