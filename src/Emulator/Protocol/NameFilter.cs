using System.Text;

namespace OpenFeatureAppConfig.Emulator.Protocol;

/// <summary>
/// A <c>key</c>, <c>label</c> or <c>name</c> filter: <c>*</c> (any), or up to 5 comma-separated terms,
/// each an exact name or a <c>prefix*</c>. <c>\</c> escapes <c>*</c>, <c>\</c> and <c>,</c>; where a null
/// name is allowed (labels), <c>\0</c> or a NUL character (<c>%00</c>) means "no label", as does an empty term.
/// </summary>
internal sealed class NameFilter
{
    /// <summary>The most terms a filter may list.</summary>
    public const int MaxTerms = 5;

    private readonly IReadOnlyList<Term> _terms;

    private NameFilter(IReadOnlyList<Term>? terms) => _terms = terms ?? [];

    /// <summary>The filter matching everything.</summary>
    public static NameFilter Any { get; } = new(null);

    /// <summary>Whether the filter matches every name.</summary>
    public bool MatchesAll => _terms.Count == 0;

    /// <summary>When the filter is one prefix (or one exact name), that text; lets listings skip ahead.</summary>
    public string? CommonPrefix => _terms is [{ Text: { } text }] ? text : null;

    /// <summary>Parses the filter given in the query parameter <paramref name="parameter"/>; absent = any.</summary>
    public static NameFilter Parse(string? filter, string parameter, bool allowNull)
    {
        if (filter is null || filter == "*")
        {
            return Any;
        }

        if (filter.Length == 0)
        {
            return allowNull ? new NameFilter([new Term(null, false)]) : Any;
        }

        var terms = new List<Term>();
        var current = new StringBuilder();
        var isPrefix = false;
        var isNull = false;
        for (var i = 0; i < filter.Length; i++)
        {
            var c = filter[i];
            if (isPrefix && c != ',')
            {
                throw Invalid(parameter, filter, "'*' may only end a term");
            }

            switch (c)
            {
                case '\\' when i + 1 < filter.Length && filter[i + 1] == '0' && current.Length == 0 && (i + 2 == filter.Length || filter[i + 2] == ','):
                    isNull = true;
                    i++;
                    break;
                case '\\' when i + 1 < filter.Length:
                    current.Append(filter[++i]);
                    break;
                case '\\':
                    throw Invalid(parameter, filter, "a '\\' must be followed by the character it escapes");
                case '\0' when current.Length == 0:
                    isNull = true;
                    break;
                case '*':
                    isPrefix = true;
                    break;
                case ',':
                    terms.Add(MakeTerm(parameter, filter, current, isPrefix, isNull, allowNull));
                    current.Clear();
                    isPrefix = isNull = false;
                    break;
                default:
                    if (isNull)
                    {
                        throw Invalid(parameter, filter, "'\\0' (no label) must be a term of its own");
                    }

                    current.Append(c);
                    break;
            }
        }

        terms.Add(MakeTerm(parameter, filter, current, isPrefix, isNull, allowNull));
        if (terms.Count > MaxTerms)
        {
            throw Invalid(parameter, filter, $"at most {MaxTerms} comma-separated values are allowed");
        }

        return terms.Any(t => t is { IsPrefix: true, Text: "" }) ? Any : new NameFilter(terms);
    }

    /// <summary>Whether <paramref name="name"/> (null = no label) passes the filter.</summary>
    public bool Matches(string? name)
    {
        if (_terms.Count == 0)
        {
            return true;
        }

        foreach (var term in _terms)
        {
            if (term.Text is null)
            {
                if (name is null)
                {
                    return true;
                }
            }
            else if (name is not null && (term.IsPrefix ? name.StartsWith(term.Text, StringComparison.Ordinal) : name == term.Text))
            {
                return true;
            }
        }

        return false;
    }

    private static Term MakeTerm(string parameter, string filter, StringBuilder text, bool isPrefix, bool isNull, bool allowNull)
    {
        if (isNull || (text.Length == 0 && !isPrefix))
        {
            return allowNull ? new Term(null, false) : throw Invalid(parameter, filter, "empty names and '\\0' are not allowed here");
        }

        return new Term(text.ToString(), isPrefix);
    }

    private static ProtocolException Invalid(string parameter, string filter, string reason) =>
        ProtocolException.InvalidArgument(parameter, $"Invalid {parameter} filter '{filter}': {reason}.");

    // Text null = "no label".
    private sealed record Term(string? Text, bool IsPrefix);
}
