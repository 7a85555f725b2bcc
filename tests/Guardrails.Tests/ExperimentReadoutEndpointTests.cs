using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenFeatureAppConfig.Guardrails.Tests.Support;

namespace OpenFeatureAppConfig.Guardrails.Tests;

/// <summary>The readout endpoint of a real app on loopback: off by default, who may call it, and hostile input.</summary>
[TestFixture]
public sealed class ExperimentReadoutEndpointTests
{
    private const string PortalOrigin = "http://127.0.0.1:8483";

    [Test]
    public async Task Nothing_is_served_until_the_app_maps_the_readouts()
    {
        await using var app = await ExperimentTestApp.StartAsync();
        await app.Http.GetStringAsync("/view?user=alice");

        using var list = await app.Http.GetAsync("/experiments");
        using var one = await app.Http.GetAsync("/experiments/button_color");
        Assert.That((list.StatusCode, one.StatusCode), Is.EqualTo((HttpStatusCode.NotFound, HttpStatusCode.NotFound)));
    }

    [Test]
    public async Task The_list_names_each_experiment_with_its_event_and_control()
    {
        await using var app = await ExperimentTestApp.StartAsync(map: a => a.MapExperimentReadouts("/experiments"));
        await app.Http.GetStringAsync("/view?user=alice");

        using var response = await app.Http.GetAsync("/experiments");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var experiment = body["experiments"]!.AsArray().Single()!;
        Assert.Multiple(() =>
        {
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/json"));
            Assert.That(response.Headers.CacheControl!.NoStore, Is.True);
            Assert.That((string?)experiment["flag"], Is.EqualTo("button_color"));
            Assert.That((string?)experiment["event"], Is.EqualTo("purchase"));
            Assert.That((string?)experiment["control"], Is.EqualTo("blue"));
            Assert.That((long?)experiment["users"], Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Before_any_exposure_the_control_is_listed_with_zeros()
    {
        await using var app = await ExperimentTestApp.StartAsync(map: a => a.MapExperimentReadouts());

        var variant = JsonNode.Parse(await app.Http.GetStringAsync("/experiments/button_color"))!["variants"]!.AsArray().Single()!;
        Assert.That(((string?)variant["variant"], (long?)variant["exposures"], (double?)variant["interval"]!["high"]), Is.EqualTo(("blue", 0L, 1.0)));
    }

    [Test]
    public async Task Control_and_alpha_can_be_chosen_in_the_query()
    {
        await using var app = await ExperimentTestApp.StartAsync(map: a => a.MapExperimentReadouts());
        foreach (var user in Enumerable.Range(0, 30))
        {
            await app.Http.GetStringAsync($"/view?user=u{user}");
        }

        var body = JsonNode.Parse(await app.Http.GetStringAsync("/experiments/button_color?control=green&alpha=0.01"))!;
        var first = body["variants"]!.AsArray()[0]!;
        Assert.Multiple(() =>
        {
            Assert.That((string?)body["control"], Is.EqualTo("green"));
            Assert.That((double?)body["alpha"], Is.EqualTo(0.01));
            Assert.That(((string?)first["variant"], (bool?)first["control"]), Is.EqualTo(("green", true)));
        });
    }

    [Test]
    public async Task An_unknown_experiment_is_a_404_naming_the_flag()
    {
        await using var app = await ExperimentTestApp.StartAsync(map: a => a.MapExperimentReadouts());

        foreach (var flag in new[] { "nope", "<img src=x onerror=alert(1)>", new string('x', 5000), "%00", "a b é \"'", "BUTTON_COLOR" })
        {
            using var response = await app.Http.GetAsync($"/experiments/{Uri.EscapeDataString(flag)}");
            var text = await response.Content.ReadAsStringAsync();
            Assert.That((int)response.StatusCode, Is.EqualTo(404), flag);
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"), flag);
            var problem = JsonNode.Parse(text)!;
            Assert.That((string?)problem["flag"], Is.EqualTo(flag.Length <= 200 ? flag : flag[..200] + "…"), flag);
            Assert.That((string?)problem["detail"], Does.StartWith("No experiment for flag '"), flag);
            Assert.That(text.Length, Is.LessThan(1000), "an error never echoes a huge input back");
        }
    }

    [TestCase("alpha=abc", "alpha")]
    [TestCase("alpha=0", "alpha")]
    [TestCase("alpha=1", "alpha")]
    [TestCase("alpha=-0.5", "alpha")]
    [TestCase("alpha=NaN", "alpha")]
    [TestCase("alpha=Infinity", "alpha")]
    [TestCase("alpha=", "alpha")]
    [TestCase("alpha=0.05&alpha=0.01", "alpha")]
    [TestCase("control=purple", "control")]
    [TestCase("control=", "control")]
    [TestCase("control=blue&control=green", "control")]
    [TestCase("event=signup", "event")]
    [TestCase("alpha=0.05&x%3Cy=1", "x<y")]
    public async Task A_bad_query_is_a_400_naming_the_parameter(string query, string parameter)
    {
        await using var app = await ExperimentTestApp.StartAsync(map: a => a.MapExperimentReadouts());
        await app.Http.GetStringAsync("/view?user=alice");

        using var response = await app.Http.GetAsync($"/experiments/button_color?{query}");
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(400));
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That((string?)problem["parameter"], Is.EqualTo(parameter));
            Assert.That((string?)problem["detail"], Does.Contain($"'{parameter}'"));
        });
    }

    [Test]
    public async Task The_list_takes_no_query_parameters()
    {
        await using var app = await ExperimentTestApp.StartAsync(map: a => a.MapExperimentReadouts());

        using var response = await app.Http.GetAsync("/experiments?flag=button_color");
        Assert.That((int)response.StatusCode, Is.EqualTo(400));
        Assert.That((string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["parameter"], Is.EqualTo("flag"));
    }

    [Test]
    public async Task A_caller_the_predicate_refuses_gets_403_without_a_body()
    {
        await using var app = await ExperimentTestApp.StartAsync(map: a => a.MapExperimentReadouts("/experiments", o =>
            o.AllowCaller = http => http.Request.Headers["X-Api-Key"] == "let-me-in"));

        using var refused = await app.Http.GetAsync("/experiments/button_color");
        using var refusedList = await app.Http.GetAsync("/experiments");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/experiments/button_color") { Headers = { { "X-Api-Key", "let-me-in" } } };
        using var allowed = await app.Http.SendAsync(request);
        Assert.Multiple(async () =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(await refused.Content.ReadAsByteArrayAsync(), Is.Empty);
            Assert.That(refusedList.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(allowed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task An_authorization_policy_guards_both_routes()
    {
        await using var app = await ExperimentTestApp.StartAsync(
            map: a => a.MapExperimentReadouts("/experiments", o => o.AuthorizationPolicy = "analysts"),
            services: s =>
            {
                s.AddAuthentication(NamedUserAuthentication.SchemeName)
                    .AddScheme<AuthenticationSchemeOptions, NamedUserAuthentication>(NamedUserAuthentication.SchemeName, null);
                s.AddAuthorization(o => o.AddPolicy("analysts", p => p.RequireClaim(ClaimTypes.Role, "analyst")));
            },
            pipeline: a =>
            {
                a.UseAuthentication();
                a.UseAuthorization();
            });

        Assert.Multiple(async () =>
        {
            Assert.That(await StatusAsync(app, "/experiments/button_color", user: null), Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(await StatusAsync(app, "/experiments", user: null), Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(await StatusAsync(app, "/experiments/button_color", user: "bob"), Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(await StatusAsync(app, "/experiments/button_color", user: "ann:analyst"), Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task Only_the_origin_allowed_by_the_apps_CORS_policy_may_read_from_a_browser()
    {
        await using var app = await ExperimentTestApp.StartAsync(
            map: a => a.MapExperimentReadouts().RequireCors(cors => cors.WithOrigins(PortalOrigin).WithMethods("GET")),
            services: s => s.AddCors(),
            pipeline: a => a.UseCors());

        using var fromPortal = await GetFromOriginAsync(app, PortalOrigin);
        using var fromElsewhere = await GetFromOriginAsync(app, "http://127.0.0.1:9999");
        Assert.Multiple(() =>
        {
            Assert.That(fromPortal.Headers.TryGetValues("Access-Control-Allow-Origin", out var allowed) ? allowed.Single() : null, Is.EqualTo(PortalOrigin));
            Assert.That(fromPortal.Headers.Contains("Access-Control-Allow-Credentials"), Is.False, "the readout never asks a browser for credentials");
            Assert.That(fromElsewhere.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
        });
    }

    [Test]
    public void Mapping_without_the_readouts_registered_says_what_is_missing()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        using var app = builder.Build();

        Assert.That(() => app.MapExperimentReadouts(), Throws.InvalidOperationException.With.Message.Contains("AddExperimentReadouts"));
    }

    private static async Task<HttpResponseMessage> GetFromOriginAsync(ExperimentTestApp app, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/experiments/button_color") { Headers = { { "Origin", origin } } };
        return await app.Http.SendAsync(request);
    }

    private static async Task<HttpStatusCode> StatusAsync(ExperimentTestApp app, string path, string? user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (user is not null)
        {
            request.Headers.Add(NamedUserAuthentication.Header, user);
        }

        using var response = await app.Http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>Signs in <c>name[:role]</c> from a request header: enough to exercise a policy.</summary>
    private sealed class NamedUserAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "NamedUser";
        public const string Header = "X-Test-User";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (Request.Headers[Header] is not [{ } value])
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var parts = value.Split(':');
            var claims = parts.Skip(1).Select(role => new Claim(ClaimTypes.Role, role)).Prepend(new Claim(ClaimTypes.Name, parts[0]));
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName)));
        }
    }
}
