using System.Text;

namespace OpenFeatureAppConfig.Emulator.Protocol;

/// <summary>
/// The <c>tags=name=value</c> filters of a listing: at most 5, all must match. <c>\</c> escapes
/// <c>=</c> and <c>\</c>; a value of <c>\0</c> or NUL (<c>%00</c>) matches a null tag value.
/// </summary>
internal sealed class TagFilter
{
    /// <summary>The most tag filters a request may carry.</summary>
    public const int MaxFilters = 5;

    private readonly IReadOnlyList<(string Name, string? Value)> _conditions;

    private TagFilter(IReadOnlyList<(string Name, string? Value)> conditions) => _conditions = conditions;

    /// <summary>Parses every <c>tags</c> parameter of a request.</summary>
    public static TagFilter Parse(IReadOnlyList<string> filters)
    {
        if (filters.Count > MaxFilters)
        {
            throw ProtocolException.InvalidArgument("tags", $"At most {MaxFilters} tag filters are allowed; the request has {filters.Count}.");
        }

        var conditions = new List<(string, string?)>();
        foreach (var filter in filters)
        {
            var name = new StringBuilder();
            var value = new StringBuilder();
            var target = name;
            var sawEquals = false;
            for (var i = 0; i < filter.Length; i++)
            {
                var c = filter[i];
                if (c == '\\' && i + 1 < filter.Length && !(sawEquals && filter[i + 1] == '0' && value.Length == 0 && i + 2 == filter.Length))
                {
                    target.Append(filter[++i]);
                }
                else if (c == '=' && !sawEquals)
                {
                    sawEquals = true;
                    target = value;
                }
                else
                {
                    target.Append(c);
                }
            }

            if (!sawEquals || name.Length == 0)
            {
                throw ProtocolException.InvalidArgument("tags", $"Invalid tag filter '{filter}': expected 'name=value'.");
            }

            var text = value.ToString();
            conditions.Add((name.ToString(), text is "\0" or "\\0" ? null : text));
        }

        return new TagFilter(conditions);
    }

    /// <summary>Whether the filter holds no condition.</summary>
    public bool IsEmpty => _conditions.Count == 0;

    /// <summary>Whether <paramref name="tags"/> satisfies every condition.</summary>
    public bool Matches(IReadOnlyDictionary<string, string?> tags)
    {
        foreach (var (name, value) in _conditions)
        {
            if (!tags.TryGetValue(name, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
