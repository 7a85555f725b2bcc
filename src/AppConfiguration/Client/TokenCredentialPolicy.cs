using Azure.Core;
using Azure.Core.Pipeline;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// Adds an Entra ID bearer token for the store's audience, cached until five minutes before it expires.
/// Azure.Core's <see cref="BearerTokenAuthenticationPolicy"/> refuses plain http outright; this policy allows it
/// for loopback endpoints only (the local emulator) and otherwise insists on https as well.
/// </summary>
internal sealed class TokenCredentialPolicy : HttpPipelinePolicy
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);
    private readonly TokenCredential _credential;
    private readonly string[] _scopes;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AccessToken? _token;

    public TokenCredentialPolicy(TokenCredential credential, string scope)
    {
        _credential = credential;
        _scopes = [scope];
    }

    /// <inheritdoc />
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline, async: false).AsTask().GetAwaiter().GetResult();

    /// <inheritdoc />
    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline, async: true);

    private async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline, bool async)
    {
        var uri = message.Request.Uri.ToUri();
        if (uri.Scheme != Uri.UriSchemeHttps && !uri.IsLoopback)
        {
            throw new InvalidOperationException("Bearer token authentication needs an https endpoint (plain http is allowed for loopback addresses only).");
        }

        var token = await GetTokenAsync(message, async).ConfigureAwait(false);
        message.Request.Headers.SetValue(HttpHeader.Names.Authorization, "Bearer " + token);
        if (async)
        {
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        }
        else
        {
            ProcessNext(message, pipeline);
        }
    }

    private async ValueTask<string> GetTokenAsync(HttpMessage message, bool async)
    {
        if (_token is { } cached && cached.ExpiresOn - RefreshMargin > DateTimeOffset.UtcNow)
        {
            return cached.Token;
        }

        if (async)
        {
            await _gate.WaitAsync(message.CancellationToken).ConfigureAwait(false);
        }
        else
        {
            _gate.Wait(message.CancellationToken);
        }

        try
        {
            if (_token is { } fresh && fresh.ExpiresOn - RefreshMargin > DateTimeOffset.UtcNow)
            {
                return fresh.Token;
            }

            var context = new TokenRequestContext(_scopes);
            var token = async
                ? await _credential.GetTokenAsync(context, message.CancellationToken).ConfigureAwait(false)
                : _credential.GetToken(context, message.CancellationToken);
            _token = token;
            return token.Token;
        }
        finally
        {
            _gate.Release();
        }
    }
}
