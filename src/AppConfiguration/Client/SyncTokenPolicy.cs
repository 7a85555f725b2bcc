using Azure.Core;
using Azure.Core.Pipeline;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// Sends back the <c>Sync-Token</c>s the store handed out (newest sequence number per token id), so that a read
/// after a write, or after a push notification, is answered with data at least that new.
/// </summary>
/// <remarks>
/// Tokens from a push are untrusted: they are validated (<see cref="SyncToken"/>), at most
/// <see cref="MaxPushedTokens"/> are kept (the oldest go first), each is sent for <see cref="PushedTokenLifetime"/>
/// at most or until the store's own token for that id catches up, and when the store answers 400 about the
/// <c>Sync-Token</c> header, the tokens sent are forgotten and the request is sent once more without them, so that
/// a bad token can never stop reads.
/// </remarks>
internal sealed class SyncTokenPolicy(TimeProvider time) : HttpPipelinePolicy
{
    internal const int MaxPushedTokens = 8;
    internal static readonly TimeSpan PushedTokenLifetime = TimeSpan.FromMinutes(1);
    private const int MaxStoreTokens = 64;
    private const string HeaderName = "Sync-Token";

    private readonly Dictionary<string, SyncToken> _fromStore = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (SyncToken Token, DateTimeOffset Expires)> _pushed = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public SyncTokenPolicy()
        : this(TimeProvider.System)
    {
    }

    /// <inheritdoc />
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline, async: false).AsTask().GetAwaiter().GetResult();

    /// <inheritdoc />
    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline, async: true);

    /// <summary>Records tokens the store answered with (comma-separated <c>id=value;sn=n</c>); malformed parts are ignored.</summary>
    public void Update(string headerValue)
    {
        foreach (var part in headerValue.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!SyncToken.TryParse(part, out var token, out _))
            {
                continue;
            }

            lock (_gate)
            {
                if (_fromStore.TryGetValue(token.Id, out var known) ? known.SequenceNumber <= token.SequenceNumber : _fromStore.Count < MaxStoreTokens)
                {
                    _fromStore[token.Id] = token;
                }

                if (_pushed.TryGetValue(token.Id, out var pushed) && pushed.Token.SequenceNumber <= token.SequenceNumber)
                {
                    _pushed.Remove(token.Id);
                }
            }
        }
    }

    /// <summary>Records one token from a push notification.</summary>
    /// <exception cref="ArgumentException">It is not a well-formed sync token (the message says why).</exception>
    public void AddPushed(string syncToken)
    {
        var token = SyncToken.Parse(syncToken, nameof(syncToken));
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_fromStore.TryGetValue(token.Id, out var known) && known.SequenceNumber >= token.SequenceNumber)
            {
                return;
            }

            if (_pushed.TryGetValue(token.Id, out var earlier) && earlier.Token.SequenceNumber > token.SequenceNumber)
            {
                return;
            }

            _pushed[token.Id] = (token, now + PushedTokenLifetime);
            while (_pushed.Count > MaxPushedTokens)
            {
                _pushed.Remove(_pushed.MinBy(p => p.Value.Expires).Key);
            }
        }
    }

    /// <summary>The highest sequence number the store answered with (0 before any): a later state of the store has a higher one.</summary>
    public long HighestSequenceNumber
    {
        get
        {
            lock (_gate)
            {
                return _fromStore.Count == 0 ? 0 : _fromStore.Values.Max(t => t.SequenceNumber);
            }
        }
    }

    /// <summary>The header to send (<c>id=value</c>, comma-separated), or null when no token is known.</summary>
    public string? BuildHeader() => Current() is { Count: > 0 } tokens ? string.Join(",", tokens.Select(t => t.HeaderValue)) : null;

    private async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline, bool async)
    {
        var sent = Apply(message);
        await SendAsync(message, pipeline, async).ConfigureAwait(false);
        if (sent.Count == 0 || !IsSyncTokenRejection(message))
        {
            return;
        }

        Forget(sent);
        message.Response.Dispose();
        Apply(message);
        await SendAsync(message, pipeline, async).ConfigureAwait(false);
    }

    private async ValueTask SendAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline, bool async)
    {
        if (async)
        {
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        }
        else
        {
            ProcessNext(message, pipeline);
        }

        if (message.HasResponse && message.Response.Headers.TryGetValue(HeaderName, out var value))
        {
            Update(value);
        }
    }

    private List<SyncToken> Apply(HttpMessage message)
    {
        var tokens = Current();
        if (tokens.Count == 0)
        {
            message.Request.Headers.Remove(HeaderName);
        }
        else
        {
            message.Request.Headers.SetValue(HeaderName, string.Join(",", tokens.Select(t => t.HeaderValue)));
        }

        return tokens;
    }

    /// <summary>Per id, the pushed token while it is newer than the store's and not expired, else the store's.</summary>
    private List<SyncToken> Current()
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            foreach (var expired in _pushed.Where(p => p.Value.Expires <= now).Select(p => p.Key).ToList())
            {
                _pushed.Remove(expired);
            }

            var tokens = new List<SyncToken>(_fromStore.Count + _pushed.Count);
            tokens.AddRange(_fromStore.Values.Where(t => !_pushed.ContainsKey(t.Id)));
            tokens.AddRange(_pushed.Values.Select(p => p.Token));
            return tokens;
        }
    }

    private void Forget(List<SyncToken> sent)
    {
        lock (_gate)
        {
            foreach (var token in sent)
            {
                if (_pushed.TryGetValue(token.Id, out var pushed) && pushed.Token == token)
                {
                    _pushed.Remove(token.Id);
                }

                if (_fromStore.TryGetValue(token.Id, out var known) && known == token)
                {
                    _fromStore.Remove(token.Id);
                }
            }
        }
    }

    /// <summary>A 400 whose problem details name the <c>Sync-Token</c> header (the service's "Invalid Sync-Token").</summary>
    private static bool IsSyncTokenRejection(HttpMessage message)
    {
        if (!message.HasResponse || message.Response.Status != 400)
        {
            return false;
        }

        string body;
        try
        {
            body = message.Response.Content.ToString();
        }
        catch (InvalidOperationException)
        {
            // Not buffered: not an answer this policy can read.
            return false;
        }

        return body.Contains("Sync-Token", StringComparison.OrdinalIgnoreCase) || body.Contains("sync token", StringComparison.OrdinalIgnoreCase);
    }
}
