using System.Text.Json;
using System.Text.Json.Nodes;
using OpenFeature.Model;
using OpenFeatureAppConfig.TestSupport;

namespace OpenFeatureAppConfig.Hosting.Tests.Ofrep;

/// <summary>
/// OpenFeature's own OFREP provider for Node (<c>@openfeature/ofrep-provider</c> with <c>@openfeature/server-sdk</c>)
/// and its core client's bulk polling (<c>@openfeature/ofrep-core</c>) against a real Kestrel server: they must get
/// the answers the server's own OpenFeature client gets.
/// </summary>
public sealed class OfrepNpmClientTests
{
    private const string RelativePath = "tests/Hosting.Tests/node/ofrep";

    private static readonly string PackageDirectory = FindPackageDirectory();

    [OneTimeSetUp]
    public Task InstallNpmPackages() => NodeScript.EnsurePackagesAsync(PackageDirectory);

    [Test]
    public async Task The_npm_OFREP_provider_gets_the_servers_answers_for_every_user()
    {
        await using var server = await OfrepServer.StartAsync(options => options.FlagFilter = key => key != "hidden");
        string[] users = ["alice", "bob", "carol"];
        var evaluations = new JsonArray();
        foreach (var user in users)
        {
            evaluations.Add(Evaluation("new_checkout", "boolean", false, user));
            evaluations.Add(Evaluation("beta", "boolean", false, user));
            evaluations.Add(Evaluation("button_color", "string", "none", user));
            evaluations.Add(Evaluation("limits", "object", new JsonObject(), user, "gold"));
        }

        evaluations.Add(Evaluation("hidden", "boolean", false, "alice"));
        evaluations.Add(Evaluation("button_color", "boolean", false, "alice"));

        var results = await RunNodeAsync(server, evaluations);

        var alice = EvaluationContext.Builder().SetTargetingKey("alice").Build();
        Assert.Multiple(async () =>
        {
            var index = 0;
            foreach (var user in users)
            {
                var context = EvaluationContext.Builder().SetTargetingKey(user).Build();
                var checkout = await server.Client.GetBooleanDetailsAsync("new_checkout", false, context);
                var beta = await server.Client.GetBooleanDetailsAsync("beta", false, context);
                var colour = await server.Client.GetStringDetailsAsync("button_color", "none", context);
                AssertSame(results[index++], checkout.Value, checkout.Reason, checkout.Variant);
                AssertSame(results[index++], beta.Value, beta.Reason, beta.Variant);
                AssertSame(results[index++], colour.Value, colour.Reason, colour.Variant);
                var limits = results[index++];
                Assert.That(limits["variant"]!.GetValue<string>(), Is.EqualTo("large"), $"limits for {user} in group gold");
                Assert.That(limits["value"]!["max"]!.GetValue<int>(), Is.EqualTo(10));
            }

            Assert.That(results[index++]["errorCode"]!.GetValue<string>(), Is.EqualTo("FLAG_NOT_FOUND"), "a hidden flag");
            Assert.That(results[index]["errorCode"]!.GetValue<string>(), Is.EqualTo("TYPE_MISMATCH"), "a string flag read as boolean");
            Assert.That(results[0]["value"]!.GetValue<bool>(), Is.EqualTo(await server.Client.GetBooleanValueAsync("new_checkout", false, alice)));
        });
    }

    [Test]
    public async Task The_npm_OFREP_core_client_polls_bulk_evaluation_with_the_ETag()
    {
        await using var server = await OfrepServer.StartAsync(options => options.FlagFilter = key => key != "hidden");

        var result = await NodeScript.RunNodeAsync(PackageDirectory, "bulk.mjs", [server.Address.ToString().TrimEnd('/'), "alice"]);

        Assert.That(result.ExitCode, Is.Zero, $"node failed:\n{result.StandardError}\n{result.StandardOutput}");
        var output = JsonNode.Parse(result.StandardOutput)!;
        var flags = output["first"]!["flags"]!.AsArray().Select(flag => flag!).ToDictionary(flag => flag["key"]!.GetValue<string>());
        var alice = EvaluationContext.Builder().SetTargetingKey("alice").Build();
        Assert.Multiple(async () =>
        {
            Assert.That(output["first"]!["status"]!.GetValue<int>(), Is.EqualTo(200));
            Assert.That(flags.Keys, Is.EquivalentTo(OfrepFlags.ExposedKeys));
            Assert.That(flags["beta"]["value"]!.GetValue<bool>(), Is.EqualTo(await server.Client.GetBooleanValueAsync("beta", false, alice)));
            Assert.That(flags["button_color"]["value"]!.GetValue<string>(), Is.EqualTo(await server.Client.GetStringValueAsync("button_color", "none", alice)));
            Assert.That(output["second"]!["status"]!.GetValue<int>(), Is.EqualTo(304), "the unchanged answer is not sent again");
            Assert.That(output["second"]!["etag"]!.GetValue<string>(), Is.EqualTo(output["first"]!["etag"]!.GetValue<string>()));
        });
    }

    private static void AssertSame(JsonNode result, object? value, string? reason, string? variant)
    {
        var flag = result["flag"]!.GetValue<string>();
        Assert.That(result["errorCode"], Is.Null, $"{flag}: {result.ToJsonString()}");
        Assert.That(result["value"]!.ToJsonString(), Is.EqualTo(JsonSerializer.Serialize(value)), flag);
        Assert.That(result["reason"]?.GetValue<string>(), Is.EqualTo(reason), flag);
        Assert.That(result["variant"]?.GetValue<string>(), Is.EqualTo(variant), flag);
    }

    private static JsonObject Evaluation(string flag, string type, JsonNode? defaultValue, string user, string? group = null)
    {
        var context = new JsonObject { ["targetingKey"] = user };
        if (group is not null)
        {
            context["groups"] = new JsonArray(group);
        }

        return new JsonObject { ["flag"] = flag, ["type"] = type, ["default"] = defaultValue, ["context"] = context };
    }

    private static async Task<IReadOnlyList<JsonNode>> RunNodeAsync(OfrepServer server, JsonArray evaluations)
    {
        using var file = new TemporaryFile("ofrep-evaluations-", ".json");
        await File.WriteAllTextAsync(file.Path, evaluations.ToJsonString());
        var result = await NodeScript.RunNodeAsync(PackageDirectory, "evaluate.mjs", [server.Address.ToString().TrimEnd('/'), file.Path]);
        Assert.That(result.ExitCode, Is.Zero, $"node failed:\n{result.StandardError}\n{result.StandardOutput}");
        return JsonNode.Parse(result.StandardOutput)!.AsArray().Select(node => node!).ToList();
    }

    private static string FindPackageDirectory()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, RelativePath);
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"{RelativePath} not found above {AppContext.BaseDirectory}.");
    }
}
