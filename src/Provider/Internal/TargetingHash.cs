using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace OpenFeatureAppConfig.Provider.Internal;

/// <summary>
/// The bucketing of Microsoft.FeatureManagement's targeting: SHA-256 of a context id, the first four bytes as a
/// little-endian unsigned integer scaled to [0, 100]. Used only to explain which allocation rule assigned a
/// variant (for the OpenFeature reason); the assignment itself is always Microsoft.FeatureManagement's.
/// </summary>
internal static class TargetingHash
{
    public static double Percentage(string contextId)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(contextId.Length);
        byte[]? rented = null;
        Span<byte> buffer = maxBytes <= 512 ? stackalloc byte[maxBytes] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            var length = Encoding.UTF8.GetBytes(contextId, buffer);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer[..length], hash);
            var marker = BinaryPrimitives.ReadUInt32LittleEndian(hash);
            return marker / (double)uint.MaxValue * 100;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    public static bool IsInRange(string contextId, double from, double to)
    {
        var percentage = Percentage(contextId);

        // The top bucket includes 100 itself.
        return to >= 100 ? percentage >= from : percentage >= from && percentage < to;
    }
}
