using System.Text;

namespace OpenFeatureAppConfig.Emulator.Tests.Fuzz;

/// <summary>How a fuzzed request authenticates.</summary>
internal enum FuzzAuth
{
    ReadWrite,
    ReadOnly,
    None,
    Garbage,
}

/// <summary>One generated request to the emulator's REST API, printable for a failure report.</summary>
internal sealed record FuzzRequest(string Method, string PathAndQuery, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[]? Body, string? ContentType, FuzzAuth Auth, string? Authorization)
{
    public override string ToString()
    {
        var text = new StringBuilder().Append(Auth).Append(' ').Append(Method).Append(' ').Append(PathAndQuery);
        foreach (var (name, value) in Headers)
        {
            text.Append("\n  ").Append(name).Append(": ").Append(Shorten(value));
        }

        if (Authorization is not null)
        {
            text.Append("\n  Authorization: ").Append(Shorten(Authorization));
        }

        if (ContentType is not null)
        {
            text.Append("\n  Content-Type: ").Append(ContentType);
        }

        if (Body is not null)
        {
            text.Append("\n  body (").Append(Body.Length).Append(" bytes): ").Append(Shorten(Encoding.UTF8.GetString(Body)));
        }

        return text.ToString();
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "..." : text;
}
