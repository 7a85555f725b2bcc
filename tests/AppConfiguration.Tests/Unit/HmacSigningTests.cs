using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using OpenFeatureAppConfig.AppConfiguration;

namespace OpenFeatureAppConfig.AppConfiguration.Tests.Unit;

public class HmacSigningTests
{
    [Test]
    public void String_to_sign_is_verb_path_and_query_then_signed_header_values()
    {
        var text = HmacAuthenticationPolicy.BuildStringToSign(
            "get", "/kv?api-version=2024-09-01&key=App%3A%2A", "Thu, 26 Nov 2026 10:00:00 GMT", "127.0.0.1:8483", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");

        Assert.That(text, Is.EqualTo(
            "GET\n/kv?api-version=2024-09-01&key=App%3A%2A\nThu, 26 Nov 2026 10:00:00 GMT;127.0.0.1:8483;47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="));
    }

    [Test]
    public void Empty_body_hash_is_the_sha256_of_nothing()
    {
        Assert.That(HmacAuthenticationPolicy.ComputeContentHash(null, default), Is.EqualTo("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="));
    }

    [Test]
    public void Body_hash_covers_the_bytes_sent()
    {
        var body = Encoding.UTF8.GetBytes("{\"value\":\"x\"}");

        Assert.That(
            HmacAuthenticationPolicy.ComputeContentHash(RequestContent.Create(body), default),
            Is.EqualTo(Convert.ToBase64String(SHA256.HashData(body))));
    }

    [Test]
    public void Signature_is_base64_hmac_sha256_of_the_ascii_string_with_the_decoded_key()
    {
        var key = Encoding.ASCII.GetBytes("key");

        // RFC 4231-style check computed independently: HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog").
        Assert.That(
            HmacAuthenticationPolicy.Sign(key, "The quick brown fox jumps over the lazy dog"),
            Is.EqualTo(Convert.ToBase64String(Convert.FromHexString("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"))));
    }
}
