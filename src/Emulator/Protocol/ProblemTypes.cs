namespace OpenFeatureAppConfig.Emulator.Protocol;

/// <summary>The <c>type</c> URIs of the service's <c>application/problem+json</c> errors.</summary>
internal static class ProblemTypes
{
    /// <summary>A bad argument: query parameter, header, body field or key (400).</summary>
    public const string InvalidArgument = "https://azconfig.io/errors/invalid-argument";

    /// <summary>A write to a read-only (locked) key-value (409).</summary>
    public const string KeyLocked = "https://azconfig.io/errors/key-locked";

    /// <summary>Throttling (429, some 503).</summary>
    public const string TooManyRequests = "https://azconfig.io/errors/too-many-requests";

    /// <summary>The request is authenticated but not allowed, e.g. a write with a read-only key (403).</summary>
    public const string Forbidden = "https://azconfig.io/errors/forbidden";

    /// <summary>The request body's media type is not accepted (415).</summary>
    public const string InvalidMediaType = "https://azconfig.io/errors/invalid-media-type";

    /// <summary>A key-value larger than the service allows (413).</summary>
    public const string KeyValueTooLarge = "https://azconfig.io/errors/kv-too-large";

    /// <summary>An unexpected failure (500) or a simulated outage (503).</summary>
    public const string InternalError = "https://azconfig.io/errors/internal-error";
}
