using System.Globalization;
using Microsoft.Extensions.Configuration;
using OpenFeature.Model;

namespace OpenFeatureAppConfig.Provider.Internal;

/// <summary>
/// Converts a variant's <c>configuration_value</c>, as laid out in <see cref="IConfiguration"/>, into OpenFeature
/// values. Always with the invariant culture. <see cref="IConfiguration"/> keeps every leaf as a string, so JSON
/// types are recovered from the text: <c>true</c>/<c>false</c> are booleans, integral numbers that fit are
/// integers, other finite numbers are doubles, everything else is a string; children numbered 0..n-1 form a list.
/// </summary>
internal static class ConfigurationValueConverter
{
    public static bool TryToBoolean(IConfigurationSection? section, out bool value)
    {
        value = false;
        return IsLeaf(section, out var text) && bool.TryParse(text, out value);
    }

    public static bool TryToString(IConfigurationSection? section, out string value)
    {
        value = string.Empty;
        if (IsLeaf(section, out var text))
        {
            value = text;
            return true;
        }

        return false;
    }

    public static bool TryToInt32(IConfigurationSection? section, out int value)
    {
        value = 0;
        return IsLeaf(section, out var text) && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryToDouble(IConfigurationSection? section, out double value)
    {
        value = 0;
        return IsLeaf(section, out var text)
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value);
    }

    /// <summary>Any value, object or list; a missing or JSON-null value is OpenFeature's null value.</summary>
    public static Value ToValue(IConfigurationSection? section)
    {
        if (section is null)
        {
            return new Value();
        }

        var children = section.GetChildren().ToList();
        if (children.Count == 0)
        {
            return section.Value is null ? new Value() : FromText(section.Value);
        }

        if (IsList(children))
        {
            var items = new Value[children.Count];
            foreach (var child in children)
            {
                items[int.Parse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture)] = ToValue(child);
            }

            return new Value(items.ToList());
        }

        var fields = new Dictionary<string, Value>(children.Count, StringComparer.Ordinal);
        foreach (var child in children)
        {
            fields[child.Key] = ToValue(child);
        }

        return new Value(new Structure(fields));
    }

    private static Value FromText(string text)
    {
        if (bool.TryParse(text, out var boolean))
        {
            return new Value(boolean);
        }

        if (LooksNumeric(text))
        {
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            {
                return integer is >= int.MinValue and <= int.MaxValue ? new Value((int)integer) : new Value((double)integer);
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            {
                return new Value(number);
            }
        }

        return new Value(text);
    }

    // JSON numbers only: no leading '+', no leading zeros like "007" (those stay strings, e.g. zip codes).
    private static bool LooksNumeric(string text)
    {
        var span = text.AsSpan();
        if (span.Length > 0 && span[0] == '-')
        {
            span = span[1..];
        }

        if (span.Length == 0 || !char.IsAsciiDigit(span[0]))
        {
            return false;
        }

        return !(span.Length > 1 && span[0] == '0' && char.IsAsciiDigit(span[1]));
    }

    private static bool IsList(List<IConfigurationSection> children)
    {
        var seen = new bool[children.Count];
        foreach (var child in children)
        {
            if (!int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                || index >= children.Count || seen[index]
                || (child.Key.Length > 1 && child.Key[0] == '0'))
            {
                return false;
            }

            seen[index] = true;
        }

        return true;
    }

    private static bool IsLeaf(IConfigurationSection? section, out string text)
    {
        // IConfiguration leaves carry a value and objects do not; asking for children would scan every key.
        text = section?.Value ?? string.Empty;
        return section?.Value is not null;
    }
}
