using System.Text;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// A key or label filter of App Configuration's list API, evaluated locally: comma-separated alternatives, each
/// exact or a prefix ending in an unescaped <c>*</c>; <c>\</c> escapes <c>*</c>, <c>,</c> and itself; <c>*</c>
/// alone matches everything; as a label filter, <c>\0</c> matches no label. Used to map a fleet snapshot (the union
/// of a whole selection) through each of this instance's selectors, as the store would have answered them.
/// </summary>
internal sealed class SelectorFilter
{
    private readonly bool _any;
    private readonly (string Text, bool Prefix, bool NoLabel)[] _alternatives;

    private SelectorFilter(bool any, (string, bool, bool)[] alternatives)
    {
        _any = any;
        _alternatives = alternatives;
    }

    public static SelectorFilter Parse(string? filter, bool isLabel)
    {
        if (filter is null || filter == SettingSelector.Any)
        {
            return new SelectorFilter(true, []);
        }

        var alternatives = new List<(string, bool, bool)>();
        var current = new StringBuilder();
        var prefix = false;
        for (var i = 0; i < filter.Length; i++)
        {
            var c = filter[i];
            if (c == '\\' && i + 1 < filter.Length && filter[i + 1] != '0')
            {
                current.Append(filter[++i]);
            }
            else if (c == '*' && (i + 1 == filter.Length || filter[i + 1] == ','))
            {
                prefix = true;
            }
            else if (c == ',')
            {
                alternatives.Add(Alternative(current.ToString(), prefix, isLabel));
                current.Clear();
                prefix = false;
            }
            else
            {
                current.Append(c);
            }
        }

        alternatives.Add(Alternative(current.ToString(), prefix, isLabel));
        return new SelectorFilter(false, [.. alternatives]);
    }

    public bool Matches(string? text)
    {
        if (_any)
        {
            return true;
        }

        foreach (var (alternative, prefix, noLabel) in _alternatives)
        {
            var matched = noLabel ? text is null
                : text is not null && (prefix ? text.StartsWith(alternative, StringComparison.Ordinal) : string.Equals(text, alternative, StringComparison.Ordinal));
            if (matched)
            {
                return true;
            }
        }

        return false;
    }

    private static (string, bool, bool) Alternative(string text, bool prefix, bool isLabel) =>
        isLabel && !prefix && (text == SettingSelector.NoLabel || text == "\\0") ? (string.Empty, false, true) : (text, prefix, false);
}
