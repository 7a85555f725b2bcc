using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// The content hash of a snapshot: the sum, modulo 2^256, of the SHA-256 of each key-value's canonical bytes (an
/// additive multiset hash). It does not depend on order, and adding or removing one key-value changes it by that
/// key-value's hash alone, so applying a delta costs the changed entries, not the whole snapshot.
/// </summary>
/// <remarks>
/// This is a consistency check between the leader and its followers (did the delta, applied to my base, give the
/// leader's state?), not an integrity protection: whoever can write to Redis can change the flags anyway
/// (docs/security.md), and a sum of hashes is easier to forge than one hash of everything.
/// </remarks>
internal readonly record struct SnapshotContentHash(ulong Word0, ulong Word1, ulong Word2, ulong Word3)
{
    /// <summary>The hash of no key-values.</summary>
    public static readonly SnapshotContentHash Empty;

    private const int HashBytes = 32;

    public static SnapshotContentHash Of(IEnumerable<SnapshotKeyValue> keyValues)
    {
        var hash = Empty;
        foreach (var keyValue in keyValues)
        {
            hash = hash.Add(keyValue);
        }

        return hash;
    }

    public SnapshotContentHash Add(SnapshotKeyValue keyValue)
    {
        var entry = EntryHash(keyValue);
        var (word0, carry0) = AddWithCarry(Word0, entry.Word0, 0);
        var (word1, carry1) = AddWithCarry(Word1, entry.Word1, carry0);
        var (word2, carry2) = AddWithCarry(Word2, entry.Word2, carry1);
        var (word3, _) = AddWithCarry(Word3, entry.Word3, carry2);
        return new SnapshotContentHash(word0, word1, word2, word3);
    }

    public SnapshotContentHash Remove(SnapshotKeyValue keyValue)
    {
        // Subtracting is adding the two's complement (modulo 2^256).
        var entry = EntryHash(keyValue);
        var (word0, carry0) = AddWithCarry(Word0, ~entry.Word0, 1);
        var (word1, carry1) = AddWithCarry(Word1, ~entry.Word1, carry0);
        var (word2, carry2) = AddWithCarry(Word2, ~entry.Word2, carry1);
        var (word3, _) = AddWithCarry(Word3, ~entry.Word3, carry2);
        return new SnapshotContentHash(word0, word1, word2, word3);
    }

    /// <summary>64 lowercase hex digits, most significant first.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[HashBytes];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, Word3);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], Word2);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[16..], Word1);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[24..], Word0);
        return Convert.ToHexStringLower(bytes);
    }

    private static (ulong Sum, ulong Carry) AddWithCarry(ulong left, ulong right, ulong carry)
    {
        var sum = left + right;
        var carryOut = sum < left ? 1UL : 0UL;
        var withCarry = sum + carry;
        return (withCarry, carryOut | (withCarry < sum ? 1UL : 0UL));
    }

    /// <summary>
    /// SHA-256 of the key-value's canonical bytes: for each field in order (key, label, value, content type, entity
    /// tag), 0 when null, else 1, the UTF-8 length (4 bytes, little-endian) and the UTF-8 bytes. Length prefixes keep
    /// two different key-values from having the same bytes.
    /// </summary>
    private static SnapshotContentHash EntryHash(SnapshotKeyValue keyValue)
    {
        var length = FieldLength(keyValue.Key) + FieldLength(keyValue.Label) + FieldLength(keyValue.Value)
            + FieldLength(keyValue.ContentType) + FieldLength(keyValue.ETag);
        var rented = length <= 512 ? null : ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var buffer = rented is null ? stackalloc byte[length] : rented.AsSpan(0, length);
            var written = WriteField(buffer, keyValue.Key);
            written += WriteField(buffer[written..], keyValue.Label);
            written += WriteField(buffer[written..], keyValue.Value);
            written += WriteField(buffer[written..], keyValue.ContentType);
            WriteField(buffer[written..], keyValue.ETag);
            Span<byte> digest = stackalloc byte[HashBytes];
            SHA256.HashData(buffer, digest);
            return new SnapshotContentHash(
                BinaryPrimitives.ReadUInt64BigEndian(digest[24..]),
                BinaryPrimitives.ReadUInt64BigEndian(digest[16..]),
                BinaryPrimitives.ReadUInt64BigEndian(digest[8..]),
                BinaryPrimitives.ReadUInt64BigEndian(digest));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static int FieldLength(string? field) => field is null ? 1 : 1 + sizeof(int) + Encoding.UTF8.GetByteCount(field);

    private static int WriteField(Span<byte> buffer, string? field)
    {
        if (field is null)
        {
            buffer[0] = 0;
            return 1;
        }

        buffer[0] = 1;
        var count = Encoding.UTF8.GetBytes(field, buffer[(1 + sizeof(int))..]);
        BinaryPrimitives.WriteInt32LittleEndian(buffer[1..], count);
        return 1 + sizeof(int) + count;
    }
}
