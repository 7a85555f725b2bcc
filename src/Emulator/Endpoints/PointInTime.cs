using OpenFeatureAppConfig.Emulator.Protocol;

namespace OpenFeatureAppConfig.Emulator.Endpoints;

/// <summary>
/// <c>Accept-Datetime</c>: read the store as it was at a moment. The answer echoes the moment in
/// <c>Memento-Datetime</c>; an unreadable date is a 400.
/// </summary>
internal static class PointInTime
{
    /// <summary>The moment asked for, or null for "now".</summary>
    public static DateTimeOffset? Of(HttpContext context)
    {
        var text = context.Request.Headers["Accept-Datetime"].ToString();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!HttpDates.TryParse(text, out var moment))
        {
            throw ProtocolException.InvalidArgument("Accept-Datetime", $"'{text}' is not an HTTP date.", "Invalid Accept-Datetime");
        }

        context.Response.Headers["Memento-Datetime"] = HttpDates.ToHeader(moment);

        // HTTP dates have whole seconds: a moment names everything up to the end of its second.
        return moment.Ticks % TimeSpan.TicksPerSecond == 0 ? moment.AddTicks(TimeSpan.TicksPerSecond - 1) : moment;
    }
}
