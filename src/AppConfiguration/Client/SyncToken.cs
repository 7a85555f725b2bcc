using System.Globalization;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// One sync token, <c>id=value;sn=n</c>: an opaque id, a base64 value and the sequence number that orders the
/// tokens of one id. A token pushed by anyone who can reach a webhook is untrusted input, so the syntax is strict
/// and the sizes are bounded: what is accepted here is safe to send back in a header.
/// </summary>
internal readonly record struct SyncToken(string Id, string Value, long SequenceNumber)
{
    internal const int MaxIdLength = 64;
    internal const int MaxValueLength = 512;
    private const int MaxSequenceNumberDigits = 19;
    private const int MaxLength = MaxIdLength + MaxValueLength + MaxSequenceNumberDigits + 5;

    /// <summary>The form sent in the <c>Sync-Token</c> request header.</summary>
    public string HeaderValue => $"{Id}={Value}";

    /// <summary>Parses one token, or says what is wrong with it (without repeating the untrusted text).</summary>
    public static bool TryParse(string? text, out SyncToken token, out string? error)
    {
        token = default;
        error = Check(text, out var id, out var value, out var sequenceNumber);
        if (error is not null)
        {
            return false;
        }

        token = new SyncToken(id, value, sequenceNumber);
        return true;
    }

    /// <summary>Parses one token, or throws an <see cref="ArgumentException"/> that says what is wrong.</summary>
    public static SyncToken Parse(string? text, string parameterName) =>
        TryParse(text, out var token, out var error) ? token : throw new ArgumentException($"Not a sync token: {error}", parameterName);

    private static string? Check(string? text, out string id, out string value, out long sequenceNumber)
    {
        id = value = string.Empty;
        sequenceNumber = 0;
        if (string.IsNullOrEmpty(text))
        {
            return "it is empty; expected 'id=value;sn=n'.";
        }

        if (text.Length > MaxLength)
        {
            return $"it is longer than {MaxLength} characters.";
        }

        var semicolon = text.IndexOf(';', StringComparison.Ordinal);
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (semicolon < 0 || !text.AsSpan(semicolon + 1).StartsWith("sn=", StringComparison.Ordinal))
        {
            return "the sequence number is missing; expected 'id=value;sn=n'.";
        }

        if (equals <= 0 || equals > semicolon)
        {
            return "the id is missing; expected 'id=value;sn=n'.";
        }

        id = text[..equals];
        value = text[(equals + 1)..semicolon];
        var digits = text.AsSpan(semicolon + 4);
        if (id.Length > MaxIdLength || !id.All(IsIdCharacter))
        {
            return $"the id must be 1 to {MaxIdLength} letters, digits, '-', '_' or '.'.";
        }

        if (value.Length == 0 || value.Length > MaxValueLength || !value.All(IsValueCharacter))
        {
            return $"the value must be 1 to {MaxValueLength} base64 characters.";
        }

        if (digits.Length is 0 or > MaxSequenceNumberDigits || digits.ContainsAnyExceptInRange('0', '9')
            || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out sequenceNumber))
        {
            return "the sequence number must be a whole number of at most 19 digits.";
        }

        return null;
    }

    private static bool IsIdCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';

    // Base64, also in its URL-safe form.
    private static bool IsValueCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=' or '-' or '_';
}
