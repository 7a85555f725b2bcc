using System.Globalization;

namespace OpenFeatureAppConfig.Emulator.Protocol;

/// <summary>The date formats of the protocol.</summary>
internal static class HttpDates
{
    /// <summary>The <c>last_modified</c> field: ISO 8601 in UTC with an explicit offset.</summary>
    public static string ToJson(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    /// <summary>An HTTP-date (RFC 1123), as in <c>Last-Modified</c>.</summary>
    public static string ToHeader(DateTimeOffset time) => time.ToUniversalTime().ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Parses an HTTP-date (RFC 1123, or ISO 8601 as some clients send in <c>Accept-Datetime</c>).</summary>
    public static bool TryParse(string? text, out DateTimeOffset time)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            time = default;
            return false;
        }

        return DateTimeOffset.TryParseExact(text.Trim(), "R", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time)
            || DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
    }
}
