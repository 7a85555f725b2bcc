using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace OpenFeatureAppConfig.Emulator.Tests.Support;

/// <summary>HS256 JWTs written here from RFC 7519, independent of the emulator's issuer.</summary>
internal static class TestJwt
{
    /// <summary>A token with <paramref name="payload"/>, signed with <paramref name="key"/>.</summary>
    public static string SignWith(byte[] key, string payload)
    {
        var input = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload));
        return input + "." + Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(input)));
    }
}
