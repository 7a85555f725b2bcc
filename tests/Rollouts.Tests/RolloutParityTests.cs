using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OpenFeature.Constant;
using OpenFeature.Model;
using OpenFeatureAppConfig.AppConfiguration;
using OpenFeatureAppConfig.Emulator;
using OpenFeatureAppConfig.Provider;
using OpenFeatureAppConfig.Rollouts.Internal;
using OpenFeatureAppConfig.TestSupport;

namespace OpenFeatureAppConfig.Rollouts.Tests;

/// <summary>
/// The flags a rollout writes, at every stage and after the roll back, evaluated by our provider and by
/// Microsoft's JavaScript library (<c>@microsoft/feature-management</c>, the provider tests' harness): the same
/// answer for every user, for an on/off flag and a variant flag.
/// </summary>
[TestFixture]
public sealed class RolloutParityTests
{
    private const int UserCount = 2000;
    private const string OnOff = "rollout_parity_switch";
    private const string Variant = "rollout_parity_variant";
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
    private static readonly string[] Users = Enumerable.Range(0, UserCount).Select(i => $"user-{i}").ToArray();

    [Test]
    public async Task The_provider_and_the_javascript_library_agree_on_every_stage_for_every_user()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        var client = new AppConfigurationClient(emulator.ConnectionString);
        var time = new FakeTimeProvider(Start);
        var rollouts = new RolloutClient(client, time);
        var executor = new RolloutExecutor(client, new ProgressiveRolloutOptions { InstanceId = "parity" }, time, NullLogger.Instance);
        await emulator.SetFeatureFlagAsync($$"""{"id":"{{OnOff}}","enabled":false}""");
        await emulator.SetFeatureFlagAsync($$$"""
            {"id":"{{{Variant}}}","enabled":true,"variants":[{"name":"Classic","configuration_value":"classic"},{"name":"Warm","configuration_value":"warm"}],
             "allocation":{"default_when_enabled":"Classic","percentile":[{"variant":"Classic","from":0,"to":100}]}}
            """);
        RolloutStage[] stages = [new(1, TimeSpan.FromHours(1)), new(5, TimeSpan.FromHours(1)), new(25, TimeSpan.FromHours(1)), new(50, TimeSpan.FromHours(1)), new(100, TimeSpan.FromHours(1))];
        await rollouts.StartAsync(new RolloutPlan(OnOff, null, RolloutTarget.Enabled, Start, stages), "test");
        await rollouts.StartAsync(new RolloutPlan(Variant, null, RolloutTarget.ForVariant("Warm"), Start, stages), "test");

        var mismatches = new List<string>();
        var previous = new HashSet<string>();
        for (var stage = 0; stage <= stages.Length; stage++)
        {
            string moment;
            if (stage < stages.Length)
            {
                time.SetUtcNow(Start.AddHours(stage));
                await executor.RunOnceAsync(CancellationToken.None);
                moment = $"{stages[stage].Percentage} %";
            }
            else
            {
                await rollouts.RollBackAsync(OnOff, null, "parity", "test");
                await rollouts.RollBackAsync(Variant, null, "parity", "test");
                moment = "rolled back";
            }

            var flags = new[] { await FlagAsync(client, OnOff), await FlagAsync(client, Variant) };
            var configuration = "{\"feature_management\":{\"feature_flags\":[" + string.Join(",", flags) + "]}}";
            var javascript = await EvaluateWithJavaScriptAsync(configuration);
            var provider = new FeatureManagementProvider(new ConfigurationBuilder().AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(configuration))).Build());
            var enabled = 0;
            var current = new HashSet<string>();
            foreach (var user in Users)
            {
                var context = EvaluationContext.Builder().SetTargetingKey(user).Build();
                var on = await provider.ResolveBooleanValueAsync(OnOff, false, context);
                var variant = await provider.ResolveStringValueAsync(Variant, "none", context);
                var js = javascript[user];
                if (on.ErrorType != ErrorType.None || on.Value != js.Enabled)
                {
                    mismatches.Add($"{moment} {OnOff} {user}: provider={on.Value} ({on.ErrorType}) javascript={js.Enabled}");
                }

                if (variant.ErrorType != ErrorType.None || variant.Variant != js.Variant)
                {
                    mismatches.Add($"{moment} {Variant} {user}: provider={variant.Variant} ({variant.ErrorType}) javascript={js.Variant}");
                }

                if (on.Value)
                {
                    enabled++;
                    current.Add(user);
                }

                if (variant.Variant == "Warm")
                {
                    current.Add(user + "/Warm");
                }
            }

            if (stage < stages.Length && !previous.IsSubsetOf(current))
            {
                mismatches.Add($"{moment}: {previous.Except(current).Count()} users lost what they had at the stage before");
            }

            previous = current;
            TestContext.Out.WriteLine($"{moment}: {enabled} of {UserCount} users enabled");
            if (stage == stages.Length)
            {
                Assert.That(enabled, Is.Zero, "rolled back: nobody has the feature");
            }
        }

        Assert.That(mismatches, Is.Empty, string.Join("\n", mismatches.Take(20)));
    }

    private static async Task<string> FlagAsync(AppConfigurationClient client, string name) =>
        (await client.GetConfigurationSettingAsync(".appconfig.featureflag/" + name)).Value.Value!;

    private static async Task<Dictionary<string, (bool Enabled, string? Variant)>> EvaluateWithJavaScriptAsync(string configuration)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "node");
        await NodeScript.EnsurePackagesAsync(folder);
        var input = Path.Combine(Path.GetTempPath(), $"rollout-parity-{Guid.NewGuid():N}.json");
        try
        {
            var payload = new JsonObject
            {
                ["configuration"] = JsonNode.Parse(configuration),
                ["flags"] = new JsonArray(OnOff, Variant),
                ["users"] = new JsonArray(Users.Select(u => (JsonNode)new JsonObject { ["id"] = u, ["groups"] = new JsonArray() }).ToArray()),
            };
            await File.WriteAllTextAsync(input, payload.ToJsonString());
            var result = await NodeScript.RunNodeAsync(folder, "evaluate.mjs", [input]);
            Assert.That(result.ExitCode, Is.Zero, result.StandardError);
            using var document = JsonDocument.Parse(result.StandardOutput);
            var answers = new Dictionary<string, (bool Enabled, string? Variant)>();
            foreach (var element in document.RootElement.EnumerateArray())
            {
                var user = element.GetProperty("user").GetString()!;
                var previous = answers.GetValueOrDefault(user);
                answers[user] = element.GetProperty("flag").GetString() == OnOff
                    ? (element.GetProperty("enabled").GetBoolean(), previous.Variant)
                    : (previous.Enabled, element.GetProperty("variant").GetString());
            }

            return answers;
        }
        finally
        {
            File.Delete(input);
        }
    }
}
