using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OpenFeatureAppConfig.Emulator.Tests.Support;

/// <summary>
/// An HMAC-SHA256 signer written for the tests from the published scheme, independent of the
/// emulator's own code, so that the tests check the emulator instead of agreeing with it. Knobs let a
/// test break one part of the signature at a time.
/// </summary>
internal sealed class TestRequestSigner : DelegatingHandler
{
    private readonly string _credential;
    private readonly byte[] _secret;

    public TestRequestSigner(string connectionString)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in connectionString.Split(';'))
        {
            var equals = field.IndexOf('=');
            fields[field[..equals]] = field[(equals + 1)..];
        }

        _credential = fields["Id"];
        _secret = Convert.FromBase64String(fields["Secret"]);
        InnerHandler = new SocketsHttpHandler { UseProxy = false };
    }

    /// <summary>The request date to sign (default: now).</summary>
    public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

    /// <summary>Which date header carries the date: "x-ms-date" (default) or "Date".</summary>
    public string DateHeader { get; set; } = "x-ms-date";

    /// <summary>Overrides the secret used to sign (to test a wrong secret).</summary>
    public byte[]? SecretOverride { get; set; }

    /// <summary>Overrides the credential sent.</summary>
    public string? CredentialOverride { get; set; }

    /// <summary>Changes the body after signing (to test tampering).</summary>
    public byte[]? BodyAfterSigning { get; set; }

    /// <summary>Changes the request target after signing (to test a signature over another query).</summary>
    public Func<Uri, Uri>? UriAfterSigning { get; set; }

    /// <summary>Signs only these headers (default: date, host, content hash).</summary>
    public string[]? SignedHeadersOverride { get; set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var date = Clock().UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture);
        string contentHash;
        using (var sha = SHA256.Create())
        {
            contentHash = Convert.ToBase64String(sha.ComputeHash(body));
        }

        var uri = request.RequestUri!;
        var host = uri.Host + ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
        if (DateHeader == "Date")
        {
            request.Headers.Date = DateTimeOffset.ParseExact(date, "r", CultureInfo.InvariantCulture);
        }
        else
        {
            request.Headers.Add("x-ms-date", date);
        }

        request.Headers.Add("x-ms-content-sha256", contentHash);
        var signed = SignedHeadersOverride ?? [DateHeader.ToLowerInvariant(), "host", "x-ms-content-sha256"];
        var values = signed.Select(name => name switch
        {
            "host" => host,
            "x-ms-date" or "date" => date,
            "x-ms-content-sha256" => contentHash,
            _ => request.Headers.TryGetValues(name, out var v) ? string.Join(",", v) : string.Empty,
        });
        var toSign = new StringBuilder()
            .Append(request.Method.Method).Append('\n')
            .Append(uri.PathAndQuery).Append('\n')
            .Append(string.Join(";", values))
            .ToString();
        using (var hmac = new HMACSHA256(SecretOverride ?? _secret))
        {
            var signature = Convert.ToBase64String(hmac.ComputeHash(Encoding.ASCII.GetBytes(toSign)));
            request.Headers.TryAddWithoutValidation(
                "Authorization",
                $"HMAC-SHA256 Credential={CredentialOverride ?? _credential}&SignedHeaders={string.Join(";", signed)}&Signature={signature}");
        }

        if (BodyAfterSigning is not null)
        {
            var type = request.Content?.Headers.ContentType;
            request.Content = new ByteArrayContent(BodyAfterSigning);
            request.Content.Headers.ContentType = type;
        }

        if (UriAfterSigning is not null)
        {
            request.RequestUri = UriAfterSigning(uri);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
