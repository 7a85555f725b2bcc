using System.Text.Json;
using System.Text.Json.Nodes;
using OpenFeatureAppConfig.Rollouts.Internal;
using OpenFeatureAppConfig.TestSupport;

namespace OpenFeatureAppConfig.Rollouts.Tests;

/// <summary>
/// The portal page changes plans and flags in the browser (wwwroot/rollout-model.js): every plan it writes must
/// be one the library's strict reader accepts, and its flag values must be the library's materialisation.
/// </summary>
[TestFixture]
public sealed class PortalRolloutModelTests
{
    private static readonly string[] FlagValues =
    [
        """{"id":"a","description":"kept","enabled":false}""",
        """{"id":"b","enabled":true,"conditions":{"requirement_type":"All","client_filters":[{"name":"Microsoft.Targeting","parameters":{"Audience":{"Users":["u1"],"Groups":[{"Name":"beta","RolloutPercentage":50}],"DefaultRolloutPercentage":3}}}]}}""",
        """{"id":"c","enabled":true,"variants":[{"name":"Classic"},{"name":"Warm"},{"name":"Cold"}],"allocation":{"seed":"s","percentile":[{"variant":"Classic","from":0,"to":60},{"variant":"Cold","from":60,"to":100}]}}""",
    ];

    [Test]
    public async Task Plans_written_by_the_portal_read_in_the_library_and_its_flags_match_the_materializer()
    {
        var cases = new List<(string Value, RolloutTarget Target, double Percentage)>();
        foreach (var percentage in new[] { 0, 1, 5, 25, 62.5, 100 })
        {
            cases.Add((FlagValues[0], RolloutTarget.Enabled, percentage));
            cases.Add((FlagValues[1], RolloutTarget.Enabled, percentage));
            cases.Add((FlagValues[2], RolloutTarget.ForVariant("Warm"), percentage));
        }

        var folder = Path.Combine(AppContext.BaseDirectory, "portal");
        var input = Path.Combine(Path.GetTempPath(), $"portal-rollout-model-{Guid.NewGuid():N}.json");
        try
        {
            var payload = new JsonObject
            {
                ["flags"] = new JsonArray(cases.Select(c => (JsonNode)new JsonObject
                {
                    ["value"] = c.Value,
                    ["target"] = c.Target.Variant is { } variant ? new JsonObject { ["type"] = "variant", ["variant"] = variant } : new JsonObject { ["type"] = "enabled" },
                    ["percentage"] = c.Percentage,
                }).ToArray()),
            };
            await File.WriteAllTextAsync(input, payload.ToJsonString());
            var result = await NodeScript.RunNodeAsync(folder, "plan-steps.mjs", [input]);
            Assert.That(result.ExitCode, Is.Zero, result.StandardError);
            using var output = JsonDocument.Parse(result.StandardOutput);

            var plans = output.RootElement.GetProperty("plans").EnumerateArray().Select(p => RolloutPlan.Parse("f", null, p.GetString()!)).ToList();
            Assert.That(plans.Select(p => p.Status), Is.EqualTo(new[]
            {
                RolloutStatus.Initial,
                new RolloutStatus(RolloutState.Running, 0),
                new RolloutStatus(RolloutState.Paused, 0),
                new RolloutStatus(RolloutState.Running, 0),
                new RolloutStatus(RolloutState.Running, 1),
                new RolloutStatus(RolloutState.RolledBack, null),
                RolloutStatus.Initial,
            }));
            Assert.That(plans[^2].FlagETag, Is.EqualTo("etag-4"));
            Assert.That(plans[^1].FlagETag, Is.EqualTo("etag-5"), "a resume after the roll back adopts the flag as it is");
            Assert.That(RolloutSchedule.Evaluate(plans[^1], plans[^1].History[^1].At).Stage, Is.EqualTo(0), "and starts over from the first stage");
            Assert.That(plans[2].PauseReason, Is.EqualTo("error rate up"));
            Assert.That(plans[0].Stages.Select(s => s.Hold), Is.EqualTo(new[] { TimeSpan.FromHours(1), TimeSpan.FromMinutes(30), TimeSpan.FromDays(1), TimeSpan.Zero }));

            var flags = output.RootElement.GetProperty("flags").EnumerateArray().Select(f => f.GetString()!).ToList();
            for (var i = 0; i < cases.Count; i++)
            {
                var expected = JsonNode.Parse(FlagMaterializer.Apply(cases[i].Value, cases[i].Target, cases[i].Percentage));
                Assert.That(JsonNode.DeepEquals(JsonNode.Parse(flags[i]), expected), Is.True, $"{cases[i]}: portal {flags[i]} library {expected!.ToJsonString()}");
            }
        }
        finally
        {
            File.Delete(input);
        }
    }
}
