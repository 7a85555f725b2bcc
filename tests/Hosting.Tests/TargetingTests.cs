using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.AspNetCore;
using OpenFeature;
using OpenFeatureAppConfig.Emulator;
using OpenFeatureAppConfig.Hosting.Tests.Support;

namespace OpenFeatureAppConfig.Hosting.Tests;

/// <summary>
/// Per-request targeting: the user's claims become the OpenFeature transaction context, and the same mapping feeds
/// Microsoft.FeatureManagement, so the OpenFeature client, [FeatureGate] and WithFeatureGate agree per user.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class TargetingTests
{
    public const string RolloutFlag = "Rollout";

    [Test]
    public async Task Client_without_a_context_targets_the_signed_in_user_and_their_groups()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        await emulator.SetFeatureFlagAsync(Flags.Targeted("Beta", 0, users: ["alice"], groups: ["testers"]));
        await using var app = await StartAsync(emulator);
        using var http = app.CreateClient();

        Assert.That(await GetAsync(http, "/openfeature/Beta", userId: "alice"), Is.EqualTo("True"));
        Assert.That(await GetAsync(http, "/openfeature/Beta", userId: "bob"), Is.EqualTo("False"));
        Assert.That(await GetAsync(http, "/openfeature/Beta", userId: "bob", roles: "staff,testers"), Is.EqualTo("True"));
        Assert.That(await GetAsync(http, "/openfeature/Beta"), Is.EqualTo("False"), "anonymous");
        Assert.That(await GetAsync(http, "/global-client/Beta", userId: "alice"), Is.EqualTo("True"), "a client from the API, not DI");
    }

    [Test]
    public async Task Name_is_the_targeting_key_when_there_is_no_name_identifier()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        await using var app = await StartAsync(emulator);
        using var http = app.CreateClient();

        Assert.That(await GetAsync(http, "/context", userName: "carol"), Is.EqualTo("carol|"));
        Assert.That(await GetAsync(http, "/context", userId: "id-7", userName: "carol", roles: "a,b"), Is.EqualTo("id-7|a,b"));
    }

    [Test]
    public async Task Configured_claims_and_extra_attributes_shape_the_context()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        await using var app = await StartAsync(emulator, flags =>
        {
            flags.Targeting.UserIdClaimType = ClaimTypes.Name;
            flags.Targeting.GroupClaimType = "tenant";
            flags.Targeting.AddAttributes = (http, context) => context.Set("path", http.Request.Path.Value!);
        });
        using var http = app.CreateClient();

        Assert.That(await GetAsync(http, "/context", userId: "id-7", userName: "carol", roles: "a", tenant: "contoso"),
            Is.EqualTo("carol|contoso|/context"));
    }

    [Test]
    public async Task OpenFeature_client_FeatureGate_and_WithFeatureGate_agree_for_every_user_of_a_percentage_rollout()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        await emulator.SetFeatureFlagAsync(Flags.Targeted(RolloutFlag, 40, groups: ["insiders"]));
        await using var app = await StartAsync(emulator);
        using var http = app.CreateClient();

        var enabled = 0;
        const int users = 200;
        for (var i = 0; i < users; i++)
        {
            var user = $"user-{i}@example.com";
            var roles = i % 10 == 0 ? "insiders" : null;
            var openFeature = bool.Parse(await GetAsync(http, $"/openfeature/{RolloutFlag}", userId: user, roles: roles));
            var manager = bool.Parse(await GetAsync(http, $"/manager/{RolloutFlag}", userId: user, roles: roles));
            var gate = await StatusAsync(http, "/gated", user, roles);
            var endpointGate = await StatusAsync(http, "/endpoint-gated", user, roles);
            var tagHelper = bool.Parse(await GetAsync(http, $"/tag-helper/{RolloutFlag}", userId: user, roles: roles));

            Assert.That(manager, Is.EqualTo(openFeature), $"IFeatureManager for {user}");
            Assert.That(gate, Is.EqualTo(openFeature ? HttpStatusCode.OK : HttpStatusCode.NotFound), $"[FeatureGate] for {user}");
            Assert.That(endpointGate, Is.EqualTo(openFeature ? HttpStatusCode.OK : HttpStatusCode.NotFound), $"WithFeatureGate for {user}");
            Assert.That(tagHelper, Is.EqualTo(openFeature), $"<feature> tag helper for {user}");
            if (i % 10 == 0)
            {
                Assert.That(openFeature, Is.True, $"{user} is in the insiders group");
            }

            enabled += openFeature ? 1 : 0;
        }

        // A real split, not all-on or all-off: 10 % insiders plus about 40 % of the rest.
        Assert.That(enabled, Is.InRange(users * 30 / 100, users * 70 / 100));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task Feature_management_added_by_the_app_first_gets_the_same_targeting(bool withDefaultTargeting)
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        await emulator.SetFeatureFlagAsync(Flags.Targeted(RolloutFlag, 0, users: ["alice"], groups: ["insiders"]));
        await using var app = await StartAsync(emulator, addFeatureManagementFirst: true, withDefaultTargeting: withDefaultTargeting);
        using var http = app.CreateClient();

        foreach (var (user, roles, expected) in new[] { ("alice", (string?)null, true), ("bob", "insiders", true), ("bob", null, false) })
        {
            Assert.That(await GetAsync(http, $"/manager/{RolloutFlag}", userId: user, roles: roles), Is.EqualTo(expected.ToString()), $"{user} {roles}");
            Assert.That(await GetAsync(http, $"/openfeature/{RolloutFlag}", userId: user, roles: roles), Is.EqualTo(expected.ToString()), $"{user} {roles}");
        }
    }

    internal static async Task<TestApp> StartAsync(AppConfigurationEmulator emulator, Action<FeatureFlagsOptions>? configureFlags = null,
        bool addFeatureManagementFirst = false, bool withDefaultTargeting = false) =>
        await TestApp.StartAsync(
            new Dictionary<string, string?> { ["ConnectionStrings:AppConfig"] = emulator.ConnectionString },
            configureServices: builder =>
            {
                HeaderAuthentication.AddTo(builder);
                builder.Services.AddControllers().AddApplicationPart(typeof(GatedController).Assembly);
            },
            configurePipeline: app =>
            {
                app.MapGet("/openfeature/{flag}", async (string flag, IFeatureClient client) => (await client.GetBooleanValueAsync(flag, false)).ToString());
                app.MapGet("/global-client/{flag}", async (string flag, Api api) => (await api.GetClient().GetBooleanValueAsync(flag, false)).ToString());
                app.MapGet("/manager/{flag}", async (string flag, IFeatureManagerSnapshot manager) => (await manager.IsEnabledAsync(flag)).ToString());
                app.MapGet("/context", (Api api) =>
                {
                    var context = api.GetTransactionContext();
                    var groups = context.TryGetValue("groups", out var value) && value?.AsList is { } list
                        ? string.Join(",", list.Select(v => v.AsString))
                        : "";
                    var path = context.TryGetValue("path", out var p) ? "|" + p!.AsString : "";
                    return $"{context.TargetingKey}|{groups}{path}";
                });
                app.MapGet("/endpoint-gated", () => "in").WithFeatureGate(RolloutFlag);
                app.MapGet("/tag-helper/{flag}", FeatureTagHelperProbe.RenderAsync);
                app.MapControllers();
            },
            configureFlags: configureFlags,
            beforeOpenFeature: !addFeatureManagementFirst ? null
                : withDefaultTargeting ? builder => builder.Services.AddFeatureManagement().WithTargeting()
                : builder => builder.Services.AddFeatureManagement());

    internal static async Task<string> GetAsync(HttpClient http, string path, string? userId = null, string? userName = null, string? roles = null, string? tenant = null)
    {
        using var request = Request(path, userId, userName, roles, tenant);
        using var response = await http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, string path, string user, string? roles)
    {
        using var request = Request(path, user, null, roles, null);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private static HttpRequestMessage Request(string path, string? userId, string? userName, string? roles, string? tenant)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (userId is not null)
        {
            request.Headers.Add("X-User-Id", userId);
        }

        if (userName is not null)
        {
            request.Headers.Add("X-User-Name", userName);
        }

        if (roles is not null)
        {
            request.Headers.Add("X-Roles", roles);
        }

        if (tenant is not null)
        {
            request.Headers.Add("X-Tenant", tenant);
        }

        return request;
    }
}
