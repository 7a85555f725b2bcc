using System.Security.Cryptography;
using System.Text;
using OpenFeatureAppConfig.Emulator.Protocol;

namespace OpenFeatureAppConfig.Emulator.Auth;

/// <summary>
/// Checks an <c>Authorization: HMAC-SHA256 Credential=..&amp;SignedHeaders=..&amp;Signature=..</c> header the
/// way the service does: a known credential; signed headers that include <c>host</c>,
/// <c>x-ms-content-sha256</c> and <c>x-ms-date</c> or <c>date</c>; a date within ±15 minutes; a content hash
/// equal to the body's; and a signature over the request target exactly as sent. The date checked is the
/// signed one (<c>x-ms-date</c> when both are signed): an unsigned date header could be replaced by
/// anyone replaying the request, so it is ignored.
/// </summary>
internal sealed class HmacAuthenticator(AccessKeySet keys, TimeProvider time)
{
    /// <summary>The clock skew the service tolerates.</summary>
    public static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(15);

    /// <summary>Returns the key that signed the request, or throws <see cref="AuthenticationFailure"/>.</summary>
    public AccessKey Authenticate(HttpRequest request, string parameters, string pathAndQuery, byte[] body)
    {
        string? credential = null, signedHeaders = null, signature = null;
        foreach (var part in parameters.Split('&', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0)
            {
                throw Fail("The Authorization header is malformed: expected Credential=..&SignedHeaders=..&Signature=..");
            }

            var value = part[(equals + 1)..];
            switch (part[..equals])
            {
                case "Credential": credential = value; break;
                case "SignedHeaders": signedHeaders = value; break;
                case "Signature": signature = value; break;
            }
        }

        if (string.IsNullOrEmpty(credential) || string.IsNullOrEmpty(signedHeaders) || string.IsNullOrEmpty(signature))
        {
            throw Fail("The Authorization header must carry Credential, SignedHeaders and Signature.");
        }

        var key = keys.Find(credential) ?? throw Fail($"Invalid Credential: '{HeaderValues.ToQuotableAscii(credential, 64)}' is not an access key of this store.");
        var headerNames = signedHeaders.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (!headerNames.Contains("host", StringComparer.OrdinalIgnoreCase)
            || !headerNames.Contains("x-ms-content-sha256", StringComparer.OrdinalIgnoreCase)
            || !headerNames.Any(n => n.Equals("x-ms-date", StringComparison.OrdinalIgnoreCase) || n.Equals("date", StringComparison.OrdinalIgnoreCase)))
        {
            throw Fail($"SignedHeaders '{signedHeaders}' must include host, x-ms-content-sha256 and x-ms-date (or date).");
        }

        CheckDate(request, headerNames);
        var contentHash = request.Headers["x-ms-content-sha256"].ToString();
        if (!string.Equals(contentHash, HmacSignature.ContentHash(body), StringComparison.Ordinal))
        {
            throw Fail("The x-ms-content-sha256 header does not match the request body.");
        }

        var values = headerNames.Select(name => HeaderValue(request, name));
        var expected = HmacSignature.Compute(key.SecretBytes, request.Method, pathAndQuery, values);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)))
        {
            throw Fail("Invalid Signature.");
        }

        return key;
    }

    private static string HeaderValue(HttpRequest request, string name) =>
        name.Equals("host", StringComparison.OrdinalIgnoreCase) ? request.Headers.Host.ToString() : request.Headers[name].ToString();

    private static AuthenticationFailure Fail(string description) => new(HmacSignature.Scheme, description);

    private void CheckDate(HttpRequest request, string[] signedHeaders)
    {
        var signedDateHeader = signedHeaders.Contains("x-ms-date", StringComparer.OrdinalIgnoreCase) ? "x-ms-date" : "Date";
        var text = request.Headers[signedDateHeader].ToString();
        if (!HttpDates.TryParse(text, out var date))
        {
            throw Fail($"The signed {signedDateHeader} header is missing or not a valid date.");
        }

        var skew = (time.GetUtcNow() - date).Duration();
        if (skew > AllowedClockSkew)
        {
            throw Fail($"The access token has expired: the request date '{text}' is {skew.TotalMinutes:0} minutes away from the server's clock (at most 15 allowed).");
        }
    }
}
