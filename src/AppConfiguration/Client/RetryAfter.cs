using System.Globalization;
using Azure;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>The wait a failed answer asked for (<c>retry-after-ms</c>, <c>x-ms-retry-after-ms</c> or <c>Retry-After</c>).</summary>
internal static class RetryAfter
{
    /// <summary>
    /// The wait asked for by the response behind <paramref name="exception"/> (the longest, when replicas failed
    /// one after another), or null when none asked.
    /// </summary>
    public static TimeSpan? Of(Exception exception, DateTimeOffset now) => exception switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.Select(inner => Of(inner, now)).Max(),
        RequestFailedException failed when failed.GetRawResponse() is { } response => Of(response, now),
        _ => null,
    };

    private static TimeSpan? Of(Response response, DateTimeOffset now)
    {
        foreach (var name in (string[])["retry-after-ms", "x-ms-retry-after-ms"])
        {
            if (response.Headers.TryGetValue(name, out var ms) && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds >= 0)
            {
                return TimeSpan.FromMilliseconds(Math.Min(milliseconds, TimeSpan.MaxValue.TotalMilliseconds / 2));
            }
        }

        if (!response.Headers.TryGetValue("Retry-After", out var value))
        {
            return null;
        }

        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.MaxValue.TotalSeconds / 2));
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) && date > now ? date - now : null;
    }
}
