using System.Buffers.Text;
using System.Security.Cryptography;
using System.Runtime.InteropServices;
using OpenFeatureAppConfig.Emulator.Storage;

namespace OpenFeatureAppConfig.Emulator.Protocol;

/// <summary>Entity tags: quoting for headers, parsing <c>If-Match</c>/<c>If-None-Match</c>, page tags.</summary>
internal static class EntityTags
{
    /// <summary>The header form of an entity tag: quoted.</summary>
    public static string Quote(string etag) => "\"" + etag + "\"";

    /// <summary>The entity tags listed in a conditional header (unquoted, weak prefix dropped), or null when absent.</summary>
    public static IReadOnlyList<string>? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var tags = new List<string>();
        foreach (var part in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var tag = part.StartsWith("W/", StringComparison.Ordinal) ? part[2..] : part;
            if (tag.Length >= 2 && tag[0] == '"' && tag[^1] == '"')
            {
                tag = tag[1..^1];
            }

            tags.Add(tag);
        }

        return tags;
    }

    /// <summary>The conditions a request carries.</summary>
    public static WriteCondition ConditionOf(HttpRequest request) =>
        new(Parse(request.Headers.IfMatch.ToString()), Parse(request.Headers.IfNoneMatch.ToString()));

    /// <summary>
    /// The entity tag of a page: a digest of what makes the page what it is (its items' entity tags and
    /// the link to the next page), so that it changes exactly when the page would read differently.
    /// </summary>
    public static string ForPage(IEnumerable<string> itemTags, string? nextLink)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        // The UTF-16 bytes of the text are as good a digest input as UTF-8, without allocating.
        foreach (var tag in itemTags)
        {
            hash.AppendData(MemoryMarshal.AsBytes(tag.AsSpan()));
            hash.AppendData("\n"u8);
        }

        hash.AppendData(MemoryMarshal.AsBytes((nextLink ?? string.Empty).AsSpan()));
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return Base64Url.EncodeToString(digest[..18]);
    }
}
