using System.Security.Cryptography;

namespace OpenFeatureAppConfig.Emulator.Storage;

/// <summary>
/// The checksum that starts every revision line of a version-2 store file: the first 8 bytes of the
/// SHA-256 of the line's JSON, as 16 lowercase hex digits, then a space. A byte changed on disk (by a
/// failing disk or a hand edit) no longer matches, so the line is reported instead of served.
/// </summary>
internal static class LineChecksum
{
    /// <summary>The length of the prefix: 16 hex digits and a space.</summary>
    public const int PrefixLength = 17;

    /// <summary>Writes the prefix of <paramref name="json"/> into <paramref name="destination"/> (17 bytes).</summary>
    public static void WritePrefix(ReadOnlySpan<byte> json, Span<byte> destination)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(json, hash);
        for (var i = 0; i < 8; i++)
        {
            destination[2 * i] = HexDigit(hash[i] >> 4);
            destination[(2 * i) + 1] = HexDigit(hash[i] & 0xF);
        }

        destination[16] = (byte)' ';
    }

    /// <summary>The JSON of a checksummed line; throws <see cref="FormatException"/> when the checksum is missing or does not match.</summary>
    public static ReadOnlySpan<byte> Verify(ReadOnlySpan<byte> line)
    {
        if (line.Length <= PrefixLength || line[16] != (byte)' ')
        {
            throw new FormatException("the line does not start with its checksum (16 hex digits and a space)");
        }

        var json = line[PrefixLength..];
        Span<byte> expected = stackalloc byte[PrefixLength];
        WritePrefix(json, expected);
        return line[..PrefixLength].SequenceEqual(expected)
            ? json
            : throw new FormatException("checksum mismatch: the line was changed after it was written");
    }

    private static byte HexDigit(int value) => (byte)(value < 10 ? '0' + value : 'a' + value - 10);
}
