using Azure.Core;

namespace OpenFeatureAppConfig.Hosting.Tests.Support;

/// <summary>A credential handing out one token (the emulator's test issuer), standing in for DefaultAzureCredential.</summary>
internal sealed class StaticTokenCredential(string token) : TokenCredential
{
    public int Requests;

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Requests);
        return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(GetToken(requestContext, cancellationToken));
}
