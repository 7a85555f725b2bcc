namespace OpenFeatureAppConfig.Emulator.Protocol;

/// <summary>
/// Query parameters decoded from the raw query: names match case-insensitively and in any order, and
/// <c>%24select</c> is <c>$select</c>. Values keep <c>+</c> literally (the service's clients encode spaces).
/// </summary>
internal sealed class QueryParameters
{
    private readonly List<KeyValuePair<string, string>> _parameters = [];

    private QueryParameters()
    {
    }

    private static readonly object ItemKey = new();

    /// <summary>The query parameters of <paramref name="context"/> (parsed once per request).</summary>
    public static QueryParameters Of(HttpContext context)
    {
        if (context.Items.TryGetValue(ItemKey, out var cached) && cached is QueryParameters known)
        {
            return known;
        }

        var parameters = Parse(RequestTarget.Of(context).RawQuery);
        context.Items[ItemKey] = parameters;
        return parameters;
    }

    /// <summary>Parses a raw query string (without the leading <c>?</c>).</summary>
    public static QueryParameters Parse(string rawQuery)
    {
        var result = new QueryParameters();
        foreach (var part in rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=');
            var name = Decode(equals < 0 ? part : part[..equals], "query parameter name");
            var value = equals < 0 ? string.Empty : Decode(part[(equals + 1)..], name);
            result._parameters.Add(new(name, value));
        }

        return result;
    }

    /// <summary>The one value of <paramref name="name"/>, or null when absent; a repeated parameter is a 400.</summary>
    public string? Single(string name)
    {
        string? found = null;
        foreach (var (parameterName, value) in _parameters)
        {
            if (string.Equals(parameterName, name, StringComparison.OrdinalIgnoreCase))
            {
                if (found is not null)
                {
                    throw ProtocolException.InvalidArgument(name, $"The query parameter '{name}' may be given only once.");
                }

                found = value;
            }
        }

        return found;
    }

    /// <summary>Every value of a repeatable parameter, in order.</summary>
    public IReadOnlyList<string> All(string name) =>
        [.. _parameters.Where(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Select(p => p.Value)];

    private static string Decode(string text, string what)
    {
        try
        {
            return Uri.UnescapeDataString(text);
        }
        catch (UriFormatException)
        {
            throw ProtocolException.InvalidArgument(what, $"The query contains a malformed percent-encoding: '{text}'.");
        }
    }
}
