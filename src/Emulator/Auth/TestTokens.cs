using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;

namespace OpenFeatureAppConfig.Emulator.Auth;

/// <summary>
/// Test bearer tokens: HS256 JWTs from a fixed test issuer for the App Configuration audience, signed
/// with the emulator's key, so that a client's <c>TokenCredential</c> path can be exercised without Azure.
/// Checks signature, <c>iss</c>, <c>aud</c>, <c>exp</c> and <c>nbf</c>.
/// </summary>
internal sealed class TestTokens(AccessKeySet keys, TimeProvider time)
{
    /// <summary>The issuer of test tokens.</summary>
    public const string Issuer = "https://login.appconfig-emulator.test/";

    /// <summary>The audiences accepted (the scope Azure clients ask for, without <c>/.default</c>).</summary>
    public static readonly IReadOnlyList<string> Audiences = ["https://appconfig.azure.com", "https://azconfig.io"];

    /// <summary>The default lifetime of an issued token.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(1);

    /// <summary>A token valid from now for <paramref name="lifetime"/>.</summary>
    public string Issue(TimeSpan? lifetime = null)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var header = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["alg"] = "HS256", ["typ"] = "JWT" });
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["aud"] = Audiences[0],
            ["sub"] = "appconfig-emulator-test-user",
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + (long)(lifetime ?? DefaultLifetime).TotalSeconds,
        });
        var signingInput = Base64Url.EncodeToString(header) + "." + Base64Url.EncodeToString(payload);
        return signingInput + "." + Base64Url.EncodeToString(Sign(signingInput));
    }

    /// <summary>Validates a token; throws <see cref="AuthenticationFailure"/> saying what is wrong.</summary>
    public void Validate(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            throw Fail("The token is not a JWT (expected three dot-separated parts).");
        }

        JsonElement header, payload;
        byte[] signature;
        try
        {
            header = JsonSerializer.Deserialize<JsonElement>(Base64Url.DecodeFromChars(parts[0]));
            payload = JsonSerializer.Deserialize<JsonElement>(Base64Url.DecodeFromChars(parts[1]));
            signature = Base64Url.DecodeFromChars(parts[2]);
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
            throw Fail("The token is not a well-formed JWT: " + exception.Message);
        }

        if (header.ValueKind != JsonValueKind.Object || payload.ValueKind != JsonValueKind.Object
            || !header.TryGetProperty("alg", out var alg) || alg.ValueKind != JsonValueKind.String || !alg.ValueEquals("HS256"))
        {
            throw Fail("The token must be signed with HS256.");
        }

        if (!CryptographicOperations.FixedTimeEquals(signature, Sign(parts[0] + "." + parts[1])))
        {
            throw Fail("The token signature is invalid.");
        }

        if (!payload.TryGetProperty("iss", out var iss) || iss.ValueKind != JsonValueKind.String || !iss.ValueEquals(Issuer))
        {
            throw Fail($"The token issuer is not '{Issuer}'.");
        }

        if (!payload.TryGetProperty("aud", out var aud) || !AudienceMatches(aud))
        {
            throw Fail($"The token audience is not one of {string.Join(", ", Audiences)}.");
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (NumericDate(payload, "exp") is not { } expires)
        {
            throw Fail("The token has no valid 'exp' claim (a number of seconds since 1970).");
        }

        if (expires <= now)
        {
            throw Fail("The token is expired ('exp' has passed).");
        }

        var notBefore = NumericDate(payload, "nbf");
        if (notBefore is null && payload.TryGetProperty("nbf", out _))
        {
            throw Fail("The token's 'nbf' claim is not a number of seconds since 1970.");
        }

        if (notBefore > now + 300)
        {
            throw Fail("The token is not valid yet ('nbf' is in the future).");
        }
    }

    // RFC 7519 NumericDate: seconds since 1970, possibly fractional; anything else (or out of range) is null.
    private static double? NumericDate(JsonElement payload, string claim) =>
        payload.TryGetProperty(claim, out var element) && element.ValueKind == JsonValueKind.Number
            && element.TryGetDouble(out var seconds) && double.IsFinite(seconds)
            ? seconds
            : null;

    private static bool AudienceMatches(JsonElement aud) => aud.ValueKind switch
    {
        JsonValueKind.String => Audiences.Any(audience => aud.ValueEquals(audience) || aud.ValueEquals(audience + "/")),
        JsonValueKind.Array => aud.EnumerateArray().Any(AudienceMatches),
        _ => false,
    };

    private static AuthenticationFailure Fail(string description) => new("Bearer", description);

    private byte[] Sign(string signingInput) => HMACSHA256.HashData(keys.TokenSigningKey, System.Text.Encoding.ASCII.GetBytes(signingInput));
}
