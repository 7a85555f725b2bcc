namespace OpenFeatureAppConfig.Emulator;

/// <summary>One request the emulator answered (or dropped), as recorded in <see cref="EmulatorRequestLog"/>.</summary>
public sealed class LoggedRequest
{
    private readonly Func<long> _responseBodyBytes;

    internal LoggedRequest(DateTimeOffset time, string method, string pathAndQuery, IReadOnlyDictionary<string, string> requestHeaders, int statusCode, Func<long> responseBodyBytes, bool aborted)
    {
        Time = time;
        Method = method;
        PathAndQuery = pathAndQuery;
        RequestHeaders = requestHeaders;
        StatusCode = statusCode;
        _responseBodyBytes = responseBodyBytes;
        Aborted = aborted;
    }

    /// <summary>When the request arrived.</summary>
    public DateTimeOffset Time { get; }

    /// <summary>The HTTP method.</summary>
    public string Method { get; }

    /// <summary>The path and query exactly as sent.</summary>
    public string PathAndQuery { get; }

    /// <summary>The request headers (names case-insensitive); the <c>Authorization</c> value is reduced to its scheme.</summary>
    public IReadOnlyDictionary<string, string> RequestHeaders { get; }

    /// <summary>The status code answered (0 when the connection was dropped before an answer).</summary>
    public int StatusCode { get; }

    /// <summary>The number of response body bytes (the declared length, or the bytes written so far when none was declared).</summary>
    public long ResponseBodyBytes => _responseBodyBytes();

    /// <summary>Whether the connection was aborted (e.g. by <see cref="EmulatorFaults.DropConnectionRate"/>).</summary>
    public bool Aborted { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Method} {PathAndQuery} -> {StatusCode} ({ResponseBodyBytes} bytes)";
}
