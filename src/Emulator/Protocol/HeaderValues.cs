namespace OpenFeatureAppConfig.Emulator.Protocol;

/// <summary>
/// What may be echoed into a response header. Kestrel refuses response header values outside visible
/// ASCII, and such a refusal happens after the endpoint ran, so anything a client sent is checked or
/// cleaned before it is echoed.
/// </summary>
internal static class HeaderValues
{
    /// <summary>Whether <paramref name="value"/> is printable ASCII (space to tilde) only.</summary>
    public static bool IsVisibleAscii(string value) => value.All(c => c is >= ' ' and <= '~');

    /// <summary>
    /// <paramref name="text"/> with every character outside printable ASCII as <c>?</c>, double quotes as single
    /// ones (so that it fits a quoted parameter), and cut to <paramref name="maxLength"/> characters.
    /// </summary>
    public static string ToQuotableAscii(string text, int maxLength = 512)
    {
        var shortened = text.Length > maxLength ? text[..maxLength] + "..." : text;
        return string.Create(shortened.Length, shortened, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c switch
                {
                    '"' => '\'',
                    '\\' => '/',
                    >= ' ' and <= '~' => c,
                    _ => '?',
                };
            }
        });
    }
}
