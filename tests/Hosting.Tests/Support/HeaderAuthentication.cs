using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OpenFeatureAppConfig.Hosting.Tests.Support;

/// <summary>
/// Signs a request in from headers, standing in for cookies or JWTs: <c>X-User-Id</c> (name identifier claim),
/// <c>X-User-Name</c> (name claim), <c>X-Roles</c> (comma-separated role claims), <c>X-Tenant</c> (a custom claim).
/// </summary>
internal sealed class HeaderAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Headers";

    public static void AddTo(WebApplicationBuilder builder) =>
        builder.Services.AddAuthentication(SchemeName).AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(SchemeName, null);

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var claims = new List<Claim>();
        if (Request.Headers["X-User-Id"].ToString() is { Length: > 0 } id)
        {
            claims.Add(new Claim(ClaimTypes.NameIdentifier, id));
        }

        if (Request.Headers["X-User-Name"].ToString() is { Length: > 0 } name)
        {
            claims.Add(new Claim(ClaimTypes.Name, name));
        }

        if (Request.Headers["X-Tenant"].ToString() is { Length: > 0 } tenant)
        {
            claims.Add(new Claim("tenant", tenant));
        }

        foreach (var role in Request.Headers["X-Roles"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            claims.Add(new Claim(ClaimTypes.Role, role));
        }

        if (claims.Count == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}
