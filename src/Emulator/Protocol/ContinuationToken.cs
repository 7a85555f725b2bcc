using System.Buffers.Text;
using System.Text.Json;

namespace OpenFeatureAppConfig.Emulator.Protocol;

/// <summary>
/// The opaque <c>after</c> token of paged listings: the position of the last item served (base64url of
/// a small JSON array), so that the next page starts strictly after it even when the store changed.
/// </summary>
internal static class ContinuationToken
{
    /// <summary>A token for the position given by <paramref name="parts"/>.</summary>
    public static string Encode(params string?[] parts) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(parts));

    /// <summary>The position in a token made by <see cref="Encode(string?[])"/>, with exactly <paramref name="partCount"/> parts; a bad token is a 400.</summary>
    public static string?[] Decode(string token, int partCount)
    {
        try
        {
            var parts = JsonSerializer.Deserialize<string?[]>(Base64Url.DecodeFromChars(token));
            if (parts is not null && parts.Length == partCount)
            {
                return parts;
            }
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
            // Reported below.
        }

        throw ProtocolException.InvalidArgument("After", $"The continuation token '{token}' is not one this server issued.");
    }

    /// <summary>A token for a number (revision listings).</summary>
    public static string Encode(long number) => Encode(number.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The number in a token made by <see cref="Encode(long)"/>.</summary>
    public static long DecodeNumber(string token) =>
        long.TryParse(Decode(token, 1)[0], out var number)
            ? number
            : throw ProtocolException.InvalidArgument("After", $"The continuation token '{token}' is not one this server issued.");
}
