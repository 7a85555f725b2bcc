using OpenFeatureAppConfig.Emulator.Hosting;
using OpenFeatureAppConfig.Emulator.Protocol;

namespace OpenFeatureAppConfig.Emulator.Auth;

/// <summary>
/// Authenticates API requests: HMAC-SHA256 with an access key (read-write or read-only), a test bearer
/// token when those are accepted, or nothing when anonymous access was asked for. Failures are 401s
/// with a <c>WWW-Authenticate</c> challenge naming the problem.
/// </summary>
internal sealed class AuthenticationMiddleware(RequestDelegate next, HmacAuthenticator hmac, TestTokens tokens, EmulatorSettings settings)
{
    /// <summary>Authenticates, records the caller's access, then runs the rest of the pipeline.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            context.SetCallerAccess(await AuthenticateAsync(context));
        }
        catch (AuthenticationFailure failure)
        {
            await ChallengeAsync(context, failure);
            return;
        }

        await next(context);
    }

    private async Task<CallerAccess> AuthenticateAsync(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(authorization))
        {
            return settings.AllowAnonymous
                ? CallerAccess.ReadWrite
                : throw new AuthenticationFailure(null, "The request has no Authorization header.");
        }

        var space = authorization.IndexOf(' ');
        var scheme = space < 0 ? authorization : authorization[..space];
        var parameters = space < 0 ? string.Empty : authorization[(space + 1)..].Trim();
        if (scheme.Equals(HmacSignature.Scheme, StringComparison.OrdinalIgnoreCase))
        {
            var body = await RequestBody.ReadAsync(context);
            var key = hmac.Authenticate(context.Request, parameters, RequestTarget.Of(context).PathAndQuery, body);
            return key.ReadOnly ? CallerAccess.ReadOnly : CallerAccess.ReadWrite;
        }

        if (scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            if (!settings.AcceptTestTokens)
            {
                throw new AuthenticationFailure("Bearer", "Bearer tokens are not accepted: start the emulator with AcceptTestTokens (--accept-test-tokens).");
            }

            tokens.Validate(parameters);
            return CallerAccess.ReadWrite;
        }

        throw new AuthenticationFailure(null, $"Unsupported authorization scheme '{scheme}'.");
    }

    private Task ChallengeAsync(HttpContext context, AuthenticationFailure failure)
    {
        var description = HeaderValues.ToQuotableAscii(failure.Description);
        var challenges = new List<string>();
        if (failure.Scheme is null)
        {
            challenges.Add(HmacSignature.Scheme);
            if (settings.AcceptTestTokens)
            {
                challenges.Add("Bearer");
            }
        }
        else
        {
            challenges.Add($"{failure.Scheme} error=\"invalid_token\" error_description=\"{description}\"");
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = challenges.ToArray();
        context.Response.ContentLength = 0;
        return Task.CompletedTask;
    }
}
