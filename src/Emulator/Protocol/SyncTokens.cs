using System.Globalization;
using System.Text;

namespace OpenFeatureAppConfig.Emulator.Protocol;

/// <summary>
/// <c>Sync-Token</c>: every answer carries <c>&lt;id&gt;=&lt;value&gt;;sn=&lt;n&gt;</c> for the store's latest change;
/// clients send back <c>&lt;id&gt;=&lt;value&gt;</c> pairs. The emulator's store is strongly consistent, so a
/// well-formed token needs no waiting; a malformed one is a 400 as at the service.
/// </summary>
internal sealed class SyncTokens(string id)
{
    /// <summary>The request and response header name.</summary>
    public const string HeaderName = "Sync-Token";

    /// <summary>The token describing change number <paramref name="sequence"/>.</summary>
    public string For(long sequence)
    {
        var text = sequence.ToString(CultureInfo.InvariantCulture);
        return $"{id}={Convert.ToBase64String(Encoding.ASCII.GetBytes(text))};sn={text}";
    }

    /// <summary>Throws a 400 when the request's <c>Sync-Token</c> header is not a list of <c>id=value</c> pairs.</summary>
    public static void Validate(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return;
        }

        foreach (var token in header.Split(',', StringSplitOptions.TrimEntries))
        {
            var pair = token.Split(';', 2)[0];
            var equals = pair.IndexOf('=');
            if (equals <= 0 || equals == pair.Length - 1)
            {
                throw ProtocolException.InvalidArgument(HeaderName, $"Invalid Sync-Token '{token}': expected '<id>=<value>'.", "Invalid Sync-Token");
            }
        }
    }
}
