using System.Security.Cryptography;
using System.Text;

namespace OpenFeatureAppConfig.Emulator.Auth;

/// <summary>
/// The HMAC-SHA256 scheme's arithmetic: the string to sign is
/// <c>VERB\npath_and_query\nsigned header values joined by ';'</c>, signed with the decoded secret.
/// </summary>
internal static class HmacSignature
{
    /// <summary>The scheme name in <c>Authorization</c> and <c>WWW-Authenticate</c>.</summary>
    public const string Scheme = "HMAC-SHA256";

    /// <summary>The base64 SHA-256 of a request body (<c>x-ms-content-sha256</c>).</summary>
    public static string ContentHash(ReadOnlySpan<byte> body) => Convert.ToBase64String(SHA256.HashData(body));

    /// <summary>The base64 signature of a request.</summary>
    public static string Compute(byte[] secret, string method, string pathAndQuery, IEnumerable<string> signedHeaderValues)
    {
        var stringToSign = method.ToUpperInvariant() + "\n" + pathAndQuery + "\n" + string.Join(';', signedHeaderValues);
        return Convert.ToBase64String(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(stringToSign)));
    }
}
