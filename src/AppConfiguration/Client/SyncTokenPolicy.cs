using Azure.Core;
using Azure.Core.Pipeline;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// Sends back the <c>Sync-Token</c>s the store handed out (newest sequence number per token id), so that a read
/// after a write, or after a push notification, is answered with data at least that new.
/// </summary>
internal sealed class SyncTokenPolicy : HttpPipelineSynchronousPolicy
{
    private const string HeaderName = "Sync-Token";
    private readonly Dictionary<string, (string Value, long SequenceNumber)> _tokens = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <inheritdoc />
    public override void OnSendingRequest(HttpMessage message)
    {
        var header = BuildHeader();
        if (header is not null)
        {
            message.Request.Headers.SetValue(HeaderName, header);
        }
    }

    /// <inheritdoc />
    public override void OnReceivedResponse(HttpMessage message)
    {
        if (message.HasResponse && message.Response.Headers.TryGetValue(HeaderName, out var value))
        {
            Update(value);
        }
    }

    /// <summary>Records tokens of the form <c>id=value;sn=n</c> (comma-separated); malformed parts are ignored.</summary>
    public void Update(string headerValue)
    {
        foreach (var token in headerValue.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = token.Split(';', StringSplitOptions.TrimEntries);
            var equals = parts[0].IndexOf('=');
            if (equals <= 0)
            {
                continue;
            }

            var id = parts[0][..equals];
            var tokenValue = parts[0][(equals + 1)..];
            long sequenceNumber = 0;
            foreach (var part in parts.AsSpan(1))
            {
                if (part.StartsWith("sn=", StringComparison.OrdinalIgnoreCase))
                {
                    _ = long.TryParse(part.AsSpan(3), out sequenceNumber);
                }
            }

            lock (_gate)
            {
                if (!_tokens.TryGetValue(id, out var known) || known.SequenceNumber <= sequenceNumber)
                {
                    _tokens[id] = (tokenValue, sequenceNumber);
                }
            }
        }
    }

    /// <summary>The header to send (<c>id=value</c>, comma-separated), or null when no token is known.</summary>
    public string? BuildHeader()
    {
        lock (_gate)
        {
            return _tokens.Count == 0 ? null : string.Join(",", _tokens.Select(t => $"{t.Key}={t.Value.Value}"));
        }
    }
}
