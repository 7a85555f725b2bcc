using System.Security.Cryptography;

namespace OpenFeatureAppConfig.Emulator.Auth;

/// <summary>An access key: its id (the HMAC <c>Credential</c>), its secret and whether it may write.</summary>
internal sealed record AccessKey(string Id, string Secret, bool ReadOnly)
{
    /// <summary>The HMAC key: the base64-decoded secret.</summary>
    public byte[] SecretBytes { get; } = Convert.FromBase64String(Secret);

    /// <summary>A fresh random key.</summary>
    public static AccessKey Create(bool readOnly)
    {
        var prefix = readOnly ? "ro" : "rw";
        var id = $"emu-{prefix}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant()}";
        return new AccessKey(id, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), readOnly);
    }

    /// <summary>The connection string clients use with this key.</summary>
    public string ConnectionStringFor(Uri endpoint) =>
        $"Endpoint={endpoint.GetLeftPart(UriPartial.Authority)};Id={Id};Secret={Secret}";
}
