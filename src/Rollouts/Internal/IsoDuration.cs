using System.Globalization;
using System.Text.RegularExpressions;

namespace OpenFeatureAppConfig.Rollouts.Internal;

/// <summary>
/// Hold times as ISO 8601 durations restricted to days, hours, minutes and seconds (<c>P1D</c>, <c>PT4H</c>,
/// <c>PT0.5S</c>): years and months have no fixed length, so a schedule never uses them.
/// </summary>
internal static partial class IsoDuration
{
    [GeneratedRegex(@"^P(?:(?<d>\d{1,6})D)?(?:T(?:(?<h>\d{1,7})H)?(?:(?<m>\d{1,9})M)?(?:(?<s>\d{1,10}(?:\.\d{1,7})?)S)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var match = Pattern().Match(text);
        if (!match.Success || text == "P" || text.EndsWith('T'))
        {
            return false;
        }

        var ticks = (Part(match, "d") * 86400 + Part(match, "h") * 3600 + Part(match, "m") * 60 + Part(match, "s")) * TimeSpan.TicksPerSecond;
        if (ticks > TimeSpan.MaxValue.Ticks)
        {
            return false;
        }

        duration = TimeSpan.FromTicks((long)ticks);
        return true;
    }

    public static string Format(TimeSpan duration)
    {
        var text = "P";
        if (duration.Days > 0)
        {
            text += duration.Days.ToString(CultureInfo.InvariantCulture) + "D";
        }

        var time = string.Empty;
        if (duration.Hours > 0)
        {
            time += duration.Hours.ToString(CultureInfo.InvariantCulture) + "H";
        }

        if (duration.Minutes > 0)
        {
            time += duration.Minutes.ToString(CultureInfo.InvariantCulture) + "M";
        }

        var seconds = duration.Ticks % TimeSpan.TicksPerMinute;
        if (seconds > 0 || (time.Length == 0 && text == "P"))
        {
            time += (seconds / (decimal)TimeSpan.TicksPerSecond).ToString("0.#######", CultureInfo.InvariantCulture) + "S";
        }

        return time.Length == 0 ? text : text + "T" + time;
    }

    private static decimal Part(Match match, string name) =>
        match.Groups[name].Success ? decimal.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
}
