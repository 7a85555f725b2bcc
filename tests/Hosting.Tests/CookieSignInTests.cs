using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenFeature;
using OpenFeatureAppConfig.Emulator;
using OpenFeatureAppConfig.Hosting.Tests.Support;

namespace OpenFeatureAppConfig.Hosting.Tests;

/// <summary>A user signed in with a cookie (as in the sample) gets the same answer from [FeatureGate] and the client.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class CookieSignInTests
{
    [Test]
    public async Task Cookie_signed_in_users_get_the_same_answer_from_the_gate_and_the_client()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        await emulator.SetFeatureFlagAsync(Flags.Targeted(TargetingTests.RolloutFlag, 0, users: ["alice"]));
        await using var app = await TestApp.StartAsync(
            new Dictionary<string, string?> { ["ConnectionStrings:AppConfig"] = emulator.ConnectionString },
            configureServices: builder =>
            {
                builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
                builder.Services.AddControllers().AddApplicationPart(typeof(GatedController).Assembly);
            },
            configurePipeline: web =>
            {
                web.MapGet("/signin/{user}", async (string user, HttpContext http) =>
                {
                    var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, user)], CookieAuthenticationDefaults.AuthenticationScheme);
                    await http.SignInAsync(new ClaimsPrincipal(identity));
                    return "signed in";
                });
                web.MapGet("/openfeature", async (IFeatureClient client) => (await client.GetBooleanValueAsync(TargetingTests.RolloutFlag, false)).ToString());
                web.MapControllers();
            });
        using var http = app.CreateClient();

        foreach (var (user, expected) in new[] { ("alice", true), ("bob", false) })
        {
            using var signIn = await http.GetAsync($"/signin/{user}");
            var cookie = signIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0];

            using var flag = new HttpRequestMessage(HttpMethod.Get, "/openfeature");
            flag.Headers.Add("Cookie", cookie);
            using var flagResponse = await http.SendAsync(flag);
            Assert.That(await flagResponse.Content.ReadAsStringAsync(), Is.EqualTo(expected.ToString()), user);

            using var gated = new HttpRequestMessage(HttpMethod.Get, "/gated");
            gated.Headers.Add("Cookie", cookie);
            using var gatedResponse = await http.SendAsync(gated);
            Assert.That(gatedResponse.StatusCode, Is.EqualTo(expected ? HttpStatusCode.OK : HttpStatusCode.NotFound), user);
        }
    }
}
