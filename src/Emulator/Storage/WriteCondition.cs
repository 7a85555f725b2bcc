namespace OpenFeatureAppConfig.Emulator.Storage;

/// <summary>
/// The optimistic-concurrency condition of a write, from <c>If-Match</c> and <c>If-None-Match</c>:
/// each is null when absent, otherwise the listed entity tags (unquoted) or "*".
/// </summary>
internal sealed record WriteCondition(IReadOnlyList<string>? IfMatch, IReadOnlyList<string>? IfNoneMatch)
{
    /// <summary>No condition: the write always applies.</summary>
    public static readonly WriteCondition None = new(null, null);

    /// <summary>Whether the condition holds for the current state of the key-value (null = absent).</summary>
    public bool IsMetBy(KeyValue? current)
    {
        if (IfMatch is not null && !Matches(IfMatch, current))
        {
            return false;
        }

        return IfNoneMatch is null || !Matches(IfNoneMatch, current);
    }

    /// <summary>Whether any of <paramref name="tags"/> names <paramref name="current"/> ("*" names any existing one).</summary>
    public static bool Matches(IReadOnlyList<string> tags, KeyValue? current) =>
        current is not null && Matches(tags, current.ETag);

    /// <summary>Whether <paramref name="etag"/> is one of <paramref name="tags"/> (or they hold "*").</summary>
    public static bool Matches(IReadOnlyList<string> tags, string etag)
    {
        foreach (var tag in tags)
        {
            if (tag == "*" || string.Equals(tag, etag, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
