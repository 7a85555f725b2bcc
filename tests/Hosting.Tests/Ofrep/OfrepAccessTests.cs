using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OpenFeatureAppConfig.Hosting.Tests.Ofrep;

/// <summary>Who may call the OFREP endpoints, and whose targeting key they evaluate for.</summary>
public sealed class OfrepAccessTests
{
    private const string UserHeader = "X-Test-User";

    private static readonly object Bob = new { context = new { targetingKey = "bob" } };

    [Test]
    public async Task A_caller_refused_by_the_predicate_gets_403()
    {
        await using var server = await OfrepServer.StartAsync(options =>
        {
            options.Flags.Add("beta");
            options.AllowCaller = http => http.Request.Headers.ContainsKey("X-Api-Key");
        });

        using var refused = await server.EvaluateAsync("beta", Bob);
        using var refusedBulk = await server.EvaluateAllAsync(Bob);
        server.Http.DefaultRequestHeaders.Add("X-Api-Key", "k");
        using var allowed = await server.EvaluateAsync("beta", Bob);

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(refusedBulk.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(allowed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task An_authorization_policy_guards_both_endpoints()
    {
        await using var server = await StartWithTestAuthenticationAsync(options =>
        {
            options.Flags.Add("beta");
            options.AuthorizationPolicy = "flag-readers";
        });

        using var anonymous = await server.EvaluateAsync("beta", Bob);
        using var anonymousBulk = await server.EvaluateAllAsync(Bob);
        server.Http.DefaultRequestHeaders.Add(UserHeader, "bob");
        using var signedIn = await server.EvaluateAsync("beta", Bob);
        using var signedInBulk = await server.EvaluateAllAsync(Bob);

        Assert.Multiple(() =>
        {
            Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(anonymousBulk.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(signedInBulk.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task ConfigureContext_can_pin_the_targeting_key_to_the_signed_in_user()
    {
        await using var server = await StartWithTestAuthenticationAsync(options =>
        {
            options.Flags.Add("beta");
            options.ConfigureContext = (http, context) => context.SetTargetingKey(http.User.Identity!.Name!);
        });
        server.Http.DefaultRequestHeaders.Add(UserHeader, "alice");

        // The body claims to be bob, who is not targeted; the signed-in alice is.
        using var response = await server.EvaluateAsync("beta", Bob);

        Assert.That((await OfrepServer.ReadObjectAsync(response))["value"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public void Mapping_without_OpenFeature_registered_says_what_is_missing()
    {
        var builder = WebApplication.CreateSlimBuilder();
        using var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapOfrep(options => options.Flags.Add("beta")));

        Assert.That(error!.Message, Does.Contain("AddOpenFeature"));
    }

    private static Task<OfrepServer> StartWithTestAuthenticationAsync(Action<OfrepOptions> configure) => OfrepServer.StartAsync(
        configure,
        builder =>
        {
            builder.Services.AddAuthentication(HeaderAuthenticationHandler.SchemeName)
                .AddScheme<AuthenticationSchemeOptions, HeaderAuthenticationHandler>(HeaderAuthenticationHandler.SchemeName, null);
            builder.Services.AddAuthorization(options => options.AddPolicy("flag-readers", policy => policy.RequireAuthenticatedUser()));
        },
        app =>
        {
            app.UseAuthentication();
            app.UseAuthorization();
        });

    /// <summary>Signs in the user named by a request header: enough to exercise policies.</summary>
    private sealed class HeaderAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "TestHeader";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (Request.Headers[UserHeader] is not [{ } name])
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], SchemeName);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
        }
    }
}
