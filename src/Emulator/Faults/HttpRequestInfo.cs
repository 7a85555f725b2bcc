namespace OpenFeatureAppConfig.Emulator;

/// <summary>What a fault predicate (<see cref="EmulatorFaults.FailWhen"/>) can see of a request.</summary>
public sealed class HttpRequestInfo
{
    internal HttpRequestInfo(string method, string path, string pathAndQuery, IReadOnlyDictionary<string, string> headers)
    {
        Method = method;
        Path = path;
        PathAndQuery = pathAndQuery;
        Headers = headers;
    }

    /// <summary>The HTTP method, e.g. <c>GET</c>.</summary>
    public string Method { get; }

    /// <summary>The path as sent (still percent-encoded), e.g. <c>/kv/a%2Fb</c>.</summary>
    public string Path { get; }

    /// <summary>The path and query as sent, e.g. <c>/kv?key=a*&amp;api-version=1.0&amp;after=...</c>.</summary>
    public string PathAndQuery { get; }

    /// <summary>The request headers (names case-insensitive; repeated headers joined by commas).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>Whether the query asks for a page after the first (an <c>after</c> parameter is present).</summary>
    public bool IsNextPage =>
        PathAndQuery.Contains("?after=", StringComparison.OrdinalIgnoreCase) || PathAndQuery.Contains("&after=", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override string ToString() => Method + " " + PathAndQuery;
}
