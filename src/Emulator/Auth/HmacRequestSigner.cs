using System.Globalization;

namespace OpenFeatureAppConfig.Emulator.Auth;

/// <summary>
/// Signs outgoing requests with an access key, as Azure's clients do (<c>x-ms-date</c>, <c>host</c>,
/// <c>x-ms-content-sha256</c>). For in-repository tools such as benchmarks; the tests use their own,
/// independently written signer so that they check the emulator rather than agree with it.
/// </summary>
internal sealed class HmacRequestSigner(string id, byte[] secret, TimeProvider? time = null) : DelegatingHandler
{
    /// <summary>A signer for the access key in a connection string.</summary>
    public static HmacRequestSigner FromConnectionString(string connectionString, HttpMessageHandler? inner = null)
    {
        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : string.Empty, StringComparer.OrdinalIgnoreCase);
        return new HmacRequestSigner(parts["Id"], Convert.FromBase64String(parts["Secret"]))
        {
            InnerHandler = inner ?? new SocketsHttpHandler(),
        };
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var uri = request.RequestUri!;
        var date = (time ?? TimeProvider.System).GetUtcNow().ToString("R", CultureInfo.InvariantCulture);
        var contentHash = HmacSignature.ContentHash(body);
        var host = uri.IsDefaultPort ? uri.Host : uri.Authority;
        request.Headers.Remove("x-ms-date");
        request.Headers.Remove("x-ms-content-sha256");
        request.Headers.TryAddWithoutValidation("x-ms-date", date);
        request.Headers.TryAddWithoutValidation("x-ms-content-sha256", contentHash);
        var signature = HmacSignature.Compute(secret, request.Method.Method, uri.PathAndQuery, [date, host, contentHash]);
        request.Headers.TryAddWithoutValidation("Authorization", $"{HmacSignature.Scheme} Credential={id}&SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={signature}");
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
