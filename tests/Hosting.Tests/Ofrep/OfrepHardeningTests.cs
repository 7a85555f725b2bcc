using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using OpenFeatureAppConfig.Emulator;
using OpenFeatureAppConfig.Hosting.Tests.Support;

namespace OpenFeatureAppConfig.Hosting.Tests.Ofrep;

/// <summary>
/// OFREP facing a hostile caller or an unlucky store: bad bytes are a 400 naming the problem, failures show no
/// internals, and a store that never loaded is a 500 so that clients keep their cached flags.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class OfrepHardeningTests
{
    private static void ExposeAll(OfrepOptions options) => options.FlagFilter = _ => true;

    [Test]
    public async Task Bulk_and_single_answer_500_while_nothing_has_loaded_then_the_flags_once_the_store_answers()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        await emulator.SetFeatureFlagAsync(Flags.Boolean("Beta", true));
        emulator.Faults.Outage = true;
        await using var app = await TestApp.StartAsync(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:AppConfig"] = emulator.ConnectionString,
                ["FeatureFlags:RefreshInterval"] = "00:00:01",
                ["FeatureFlags:StartupTimeout"] = "00:00:01",
            },
            configurePipeline: web => web.MapOfrep(ExposeAll));
        using var http = app.CreateClient();

        using (var bulk = await PostAsync(http, "/ofrep/v1/evaluate/flags", "{}"))
        {
            var body = await bulk.Content.ReadAsStringAsync();
            Assert.That(bulk.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError), body);
            Assert.That(JsonNode.Parse(body)!["errorDetails"]!.GetValue<string>(), Is.EqualTo("The flags are not available yet."));
            Assert.That(bulk.Headers.ETag, Is.Null, "nothing for a client to cache");
        }

        using (var single = await PostAsync(http, "/ofrep/v1/evaluate/flags/Beta", "{}"))
        {
            Assert.That(single.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError), "not a 404 that would make clients drop the flag");
        }

        emulator.Faults.Outage = false;
        Assert.That(await Eventually.TrueAsync(async () =>
        {
            using var bulk = await PostAsync(http, "/ofrep/v1/evaluate/flags", "{}");
            return bulk.StatusCode == HttpStatusCode.OK && (await bulk.Content.ReadAsStringAsync()).Contains("\"Beta\"");
        }), Is.True);
    }

    [TestCase(new byte[] { 0xFF, 0xFE }, "PARSE_ERROR", "not valid UTF-8", TestName = "Invalid UTF-8 bytes")]
    [TestCase(new byte[] { (byte)'{', (byte)'"', (byte)'c', (byte)'o', (byte)'n', (byte)'t', (byte)'e', (byte)'x', (byte)'t', (byte)'"', (byte)':', (byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}', (byte)'}' },
        "PARSE_ERROR", "not valid UTF-8", TestName = "Invalid UTF-8 inside a context string")]
    public async Task Invalid_utf8_is_a_400_naming_the_problem(byte[] body, string errorCode, string details) =>
        await AssertBadRequestAsync(body, errorCode, details);

    [TestCase("""{"context":{"targetingKey":"\ud800"}}""", TestName = "A lone surrogate in the targeting key")]
    [TestCase("""{"context":{"name":"a\udc00b"}}""", TestName = "A lone surrogate in an attribute value")]
    [TestCase("""{"context":{"\ud800":1}}""", TestName = "A lone surrogate in an attribute name")]
    [TestCase("""{"context":{"list":[{"deep":"\udfff"}]}}""", TestName = "A lone surrogate deep in a structure")]
    public async Task A_lone_surrogate_is_a_400_naming_the_problem(string body) =>
        await AssertBadRequestAsync(Encoding.UTF8.GetBytes(body), "INVALID_CONTEXT", "unpaired surrogate");

    [Test]
    public async Task A_lone_surrogate_in_a_name_beside_the_context_is_a_400_naming_the_problem() =>
        await AssertBadRequestAsync(Encoding.UTF8.GetBytes("""{"\udfff":1,"context":{}}"""), "PARSE_ERROR", "unpaired surrogate");

    [Test]
    public async Task A_broken_flag_is_reported_without_configuration_paths_or_values()
    {
        await using var server = await OfrepServer.StartAsync(ExposeAll, emulatorOptions: new AppConfigurationEmulatorOptions { ValidateFeatureFlags = false });
        await server.Emulator.SetFeatureFlagAsync(Flags.MalformedTimeWindow("broken"));
        await server.RefreshUntilAsync(async () =>
        {
            using var probe = await server.EvaluateAsync("broken", new { });
            return probe.StatusCode != HttpStatusCode.NotFound;
        });

        using var single = await server.EvaluateAsync("broken", new { context = new { targetingKey = "alice" } });
        using var bulk = await server.EvaluateAllAsync(new { context = new { targetingKey = "alice" } });

        var singleBody = await single.Content.ReadAsStringAsync();
        var bulkBody = await bulk.Content.ReadAsStringAsync();
        Assert.That(single.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), singleBody);
        var failure = JsonNode.Parse(singleBody)!.AsObject();
        Assert.That(failure["errorCode"]!.GetValue<string>(), Is.EqualTo("PARSE_ERROR"));
        Assert.That(failure["errorDetails"]!.GetValue<string>(), Is.EqualTo("The definition of flag 'broken' could not be read."));
        foreach (var body in new[] { singleBody, bulkBody })
        {
            Assert.That(body, Does.Not.Contain("feature_management").And.Not.Contain("garbage").And.Not.Contain("DateTimeOffset"));
        }

        Assert.That(bulk.StatusCode, Is.EqualTo(HttpStatusCode.OK), "one broken flag does not fail the others");
    }

    private static async Task AssertBadRequestAsync(byte[] body, string errorCode, string details)
    {
        await using var server = await OfrepServer.StartAsync(ExposeAll);
        foreach (var path in new[] { "/ofrep/v1/evaluate/flags/beta", "/ofrep/v1/evaluate/flags" })
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("application/json");
            using var response = await server.Http.PostAsync(path, content);
            var text = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), $"{path}: {text}");
            var answer = JsonNode.Parse(text)!.AsObject();
            Assert.That(answer["errorCode"]!.GetValue<string>(), Is.EqualTo(errorCode), path);
            Assert.That(answer["errorDetails"]!.GetValue<string>(), Does.Contain(details), path);
        }
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string path, string json) =>
        http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
}
