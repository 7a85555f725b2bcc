using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// Signs every attempt (it sits after the retry policy, so each retry gets a fresh date) with App Configuration's
/// HMAC-SHA256 scheme: <c>x-ms-date</c>, <c>x-ms-content-sha256</c> and an <c>Authorization</c> header over
/// <c>VERB\npath_and_query\ndate;host;content-hash</c>.
/// </summary>
internal sealed class HmacAuthenticationPolicy : HttpPipelineSynchronousPolicy
{
    internal const string SignedHeaders = "x-ms-date;host;x-ms-content-sha256";

    private readonly string _credential;
    private readonly byte[] _key;
    private readonly TimeProvider _timeProvider;

    public HmacAuthenticationPolicy(string credential, byte[] key, TimeProvider? timeProvider = null)
    {
        _credential = credential;
        _key = key;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        var uri = request.Uri.ToUri();
        var date = _timeProvider.GetUtcNow().ToString("r", CultureInfo.InvariantCulture);
        var contentHash = ComputeContentHash(request.Content, message.CancellationToken);

        request.Headers.SetValue("x-ms-date", date);
        request.Headers.SetValue("x-ms-content-sha256", contentHash);
        var stringToSign = BuildStringToSign(request.Method.Method, uri.PathAndQuery, date, uri.Authority, contentHash);
        var signature = Sign(_key, stringToSign);
        request.Headers.SetValue(
            HttpHeader.Names.Authorization,
            $"HMAC-SHA256 Credential={_credential}&SignedHeaders={SignedHeaders}&Signature={signature}");
    }

    /// <summary>The exact text that is signed; <paramref name="host"/> includes a non-default port.</summary>
    internal static string BuildStringToSign(string method, string pathAndQuery, string date, string host, string contentHash) =>
        string.Concat(method.ToUpperInvariant(), "\n", pathAndQuery, "\n", date, ";", host, ";", contentHash);

    /// <summary>Base64 HMAC-SHA256 of the ASCII string to sign.</summary>
    internal static string Sign(byte[] key, string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(stringToSign)));

    /// <summary>Base64 SHA-256 of the body (of the empty body when there is none).</summary>
    internal static string ComputeContentHash(RequestContent? content, CancellationToken cancellationToken)
    {
        if (content is null)
        {
            return Convert.ToBase64String(SHA256.HashData(ReadOnlySpan<byte>.Empty));
        }

        using var buffer = new MemoryStream();
        content.WriteTo(buffer, cancellationToken);
        return Convert.ToBase64String(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }
}
