using System.Security.Cryptography;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace OpenFeatureAppConfig.Hosting.Ofrep;

/// <summary>
/// The bulk answer's entity tag: a hash of the answer itself, so it changes exactly when some flag's answer for
/// that context changes, whatever caused it (a toggle, a new flag, a different context).
/// </summary>
internal static class OfrepETag
{
    public static string Of(byte[] body) => $"\"{Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 16))}\"";

    public static bool Matches(StringValues ifNoneMatch, string etag)
    {
        if (StringValues.IsNullOrEmpty(ifNoneMatch) || !EntityTagHeaderValue.TryParseList(ifNoneMatch, out var candidates))
        {
            return false;
        }

        var current = EntityTagHeaderValue.Parse(etag);
        return candidates.Any(candidate => candidate.Equals(EntityTagHeaderValue.Any) || candidate.Compare(current, useStrongComparison: false));
    }
}
