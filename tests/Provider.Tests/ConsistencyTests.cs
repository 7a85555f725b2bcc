using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;
using OpenFeature.Constant;
using OpenFeature.Model;
using OpenFeatureAppConfig.TestSupport;

namespace OpenFeatureAppConfig.Provider.Tests;

/// <summary>
/// Same answer everywhere: for thousands of generated users, the provider's answer equals
/// <c>IFeatureManager.IsEnabledAsync</c>/<c>GetVariantAsync</c> with the equivalent targeting context, and equals
/// what Microsoft's JavaScript library computes for the same flag JSON; the provider's reason agrees with the
/// assignment reason Microsoft.FeatureManagement reports in its own telemetry.
/// </summary>
public sealed class ConsistencyTests
{
    private const int UserCount = 2000;
    private static readonly string[] GroupPool = ["beta", "staff", "ring0", "ring1", "partners", "blocked", "emea", "apac"];

    // Flag names carry a marker so that this test's telemetry is told apart from parallel tests'.
    private static readonly string[] BooleanFlags = ["XL.Targeting", "XL.GroupRollout", "XL.DefaultRollout", "XL.Gate"];
    private static readonly string[] VariantFlags = ["XL.SplitNoSeed", "XL.SplitSeeded", "XL.Mixed", "XL.Off", "XL.Gate"];

    private static readonly string FlagsJson = Flags.Json(
        """
        {"id":"XL.Targeting","enabled":true,"conditions":{"client_filters":[{"name":"Microsoft.Targeting","parameters":{"Audience":{
          "Users":["user-7","user-42","user-1999"],
          "Groups":[{"Name":"beta","RolloutPercentage":50},{"Name":"staff","RolloutPercentage":100},{"Name":"ring0","RolloutPercentage":0}],
          "DefaultRolloutPercentage":20,
          "Exclusion":{"Users":["user-42"],"Groups":["blocked"]}}}}]}}
        """,
        """
        {"id":"XL.GroupRollout","enabled":true,"conditions":{"client_filters":[{"name":"Microsoft.Targeting","parameters":{"Audience":{
          "Groups":[{"Name":"ring1","RolloutPercentage":30},{"Name":"emea","RolloutPercentage":70}],"DefaultRolloutPercentage":0}}}]}}
        """,
        """
        {"id":"XL.DefaultRollout","enabled":true,"conditions":{"client_filters":[{"name":"Microsoft.Targeting","parameters":{"Audience":{"DefaultRolloutPercentage":25}}}]}}
        """,
        """
        {"id":"XL.SplitNoSeed","enabled":true,"telemetry":{"enabled":true},
         "variants":[{"name":"A","configuration_value":"a"},{"name":"B","configuration_value":"b"},{"name":"C","configuration_value":"c"}],
         "allocation":{"percentile":[{"variant":"A","from":0,"to":33.3},{"variant":"B","from":33.3,"to":66.6},{"variant":"C","from":66.6,"to":100}]}}
        """,
        """
        {"id":"XL.SplitSeeded","enabled":true,"telemetry":{"enabled":true},
         "variants":[{"name":"Control","configuration_value":"control"},{"name":"Treatment","configuration_value":"treatment"}],
         "allocation":{"seed":"experiment-7","default_when_enabled":"Control",
           "user":[{"variant":"Treatment","users":["user-1","user-2"]}],"group":[{"variant":"Control","groups":["partners"]}],
           "percentile":[{"variant":"Control","from":0,"to":40},{"variant":"Treatment","from":40,"to":90}]}}
        """,
        """
        {"id":"XL.Mixed","enabled":true,"telemetry":{"enabled":true},
         "conditions":{"client_filters":[{"name":"Microsoft.Targeting","parameters":{"Audience":{"Groups":[{"Name":"apac","RolloutPercentage":60}],"DefaultRolloutPercentage":50,"Exclusion":{"Groups":["blocked"]}}}}]},
         "variants":[{"name":"Big","configuration_value":"big"},{"name":"Small","configuration_value":"small"},{"name":"Off","configuration_value":"off"}],
         "allocation":{"default_when_enabled":"Small","default_when_disabled":"Off","group":[{"variant":"Big","groups":["staff"]}],
           "percentile":[{"variant":"Big","from":0,"to":10}]}}
        """,
        """
        {"id":"XL.Off","enabled":false,"telemetry":{"enabled":true},
         "variants":[{"name":"Off","configuration_value":"off"}],"allocation":{"default_when_disabled":"Off"}}
        """,
        """
        {"id":"XL.Gate","enabled":true,"telemetry":{"enabled":true},
         "conditions":{"client_filters":[{"name":"Microsoft.Targeting","parameters":{"Audience":{"DefaultRolloutPercentage":80}}}]},
         "variants":[{"name":"On","configuration_value":"on"},{"name":"Held","configuration_value":"held","status_override":"Disabled"}],
         "allocation":{"default_when_enabled":"On","default_when_disabled":"Held","percentile":[{"variant":"Held","from":0,"to":15}],"seed":"gate"}}
        """);

    [Test]
    public async Task Provider_feature_manager_and_javascript_library_agree_for_thousands_of_users()
    {
        var users = GenerateUsers();
        var configuration = LoadConfiguration();
        var provider = new FeatureManagementProvider(configuration);
        var reference = CreateReferenceManager(configuration);
        var javascript = await EvaluateWithJavaScriptAsync(users);
        using var assignments = new AssignmentRecorder();

        var mismatches = new List<string>();
        foreach (var user in users)
        {
            var context = EvaluationContext.Builder().SetTargetingKey(user.Id).Set("groups", new Value(user.Groups.Select(g => new Value(g)).ToList())).Build();
            var targeting = new TargetingContext { UserId = user.Id, Groups = user.Groups };
            foreach (var flag in BooleanFlags)
            {
                var ours = await provider.ResolveBooleanValueAsync(flag, false, context);
                var theirs = await reference.IsEnabledAsync(flag, targeting, CancellationToken.None);
                var js = javascript[(user.Id, flag)];
                if (ours.ErrorType != ErrorType.None || ours.Value != theirs || theirs != js.Enabled)
                {
                    mismatches.Add($"{flag} {user}: provider={ours.Value} ({ours.ErrorType}) manager={theirs} javascript={js.Enabled}");
                }
            }

            foreach (var flag in VariantFlags)
            {
                assignments.Clear();
                var ours = await provider.ResolveStringValueAsync(flag, "default", context);
                var reason = assignments.First(flag);
                var theirs = await reference.GetVariantAsync(flag, targeting, CancellationToken.None);
                var js = javascript[(user.Id, flag)];
                if (ours.ErrorType != ErrorType.None || ours.Variant != theirs?.Name || theirs?.Name != js.Variant
                    || ours.Value != (theirs?.Configuration?.Value ?? "default"))
                {
                    mismatches.Add($"{flag} {user}: provider={ours.Variant} ({ours.ErrorType}) manager={theirs?.Name} javascript={js.Variant}");
                }

                if (ours.Reason != ExpectedReason(flag, reason))
                {
                    mismatches.Add($"{flag} {user}: provider reason {ours.Reason}, manager assignment reason {reason}");
                }
            }
        }

        Assert.That(mismatches, Is.Empty, string.Join("\n", mismatches.Take(20)));
    }

    [Test]
    public async Task With_ignore_case_the_provider_agrees_with_the_feature_manager_set_the_same_way()
    {
        var configuration = LoadConfiguration();
        var provider = new FeatureManagementProvider(configuration, new FeatureManagementProviderOptions { IgnoreCase = true });
        var targetingOptions = new TargetingEvaluationOptions { IgnoreCase = true };
        var reference = new FeatureManager(new ConfigurationFeatureDefinitionProvider(configuration), new FeatureManagementOptions())
        {
            FeatureFilters = [new ContextualTargetingFilter(Options.Create(targetingOptions), NullLoggerFactory.Instance)],
            AssignerOptions = targetingOptions,
        };
        using var assignments = new AssignmentRecorder();

        var mismatches = new List<string>();
        foreach (var user in GenerateUsers().Take(500).Select((u, i) => u with
                 {
                     Id = i % 2 == 0 ? u.Id.ToUpperInvariant() : u.Id,
                     Groups = u.Groups.Select(g => i % 3 == 0 ? g.ToUpperInvariant() : g).ToArray(),
                 }))
        {
            var context = EvaluationContext.Builder().SetTargetingKey(user.Id).Set("groups", string.Join(",", user.Groups)).Build();
            var targeting = new TargetingContext { UserId = user.Id, Groups = user.Groups };
            foreach (var flag in BooleanFlags)
            {
                var ours = await provider.ResolveBooleanValueAsync(flag, false, context);
                var theirs = await reference.IsEnabledAsync(flag, targeting, CancellationToken.None);
                if (ours.Value != theirs)
                {
                    mismatches.Add($"{flag} {user}: provider={ours.Value} manager={theirs}");
                }
            }

            foreach (var flag in VariantFlags)
            {
                assignments.Clear();
                var ours = await provider.ResolveStringValueAsync(flag, "default", context);
                var reason = assignments.First(flag);
                var theirs = await reference.GetVariantAsync(flag, targeting, CancellationToken.None);
                if (ours.Variant != theirs?.Name || ours.Reason != ExpectedReason(flag, reason))
                {
                    mismatches.Add($"{flag} {user}: provider={ours.Variant}/{ours.Reason} manager={theirs?.Name}/{reason}");
                }
            }
        }

        Assert.That(mismatches, Is.Empty, string.Join("\n", mismatches.Take(20)));
    }

    // What the provider promises for each assignment reason of Microsoft.FeatureManagement's telemetry.
    private static string ExpectedReason(string flag, string? assignmentReason) => (flag, assignmentReason) switch
    {
        // XL.Gate's "Held" is both a percentile's variant and the disabled default, and overrides the status:
        // whether the filter or the percentile chose it cannot be told from outside, so the provider says only
        // that targeting decided.
        ("XL.Gate", "Percentile") => Reason.TargetingMatch,
        (_, "User" or "Group") => Reason.TargetingMatch,
        (_, "Percentile") => Reason.Split,
        ("XL.Off", "DefaultWhenDisabled") => Reason.Disabled,
        (_, "DefaultWhenDisabled") => Reason.TargetingMatch,
        ("XL.SplitNoSeed" or "XL.SplitSeeded", "DefaultWhenEnabled") => Reason.Static,
        (_, "DefaultWhenEnabled") => Reason.TargetingMatch,
        _ => $"unexpected assignment reason {assignmentReason}",
    };

    private static List<User> GenerateUsers()
    {
        var random = new Random(20261126);
        var users = new List<User>(UserCount);
        for (var i = 0; i < UserCount; i++)
        {
            var groups = GroupPool.Where(_ => random.NextDouble() < 0.2).ToArray();
            users.Add(new User($"user-{i}", groups));
        }

        return users;
    }

    private static IConfiguration LoadConfiguration()
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(FlagsJson));
        return new ConfigurationBuilder().AddJsonStream(stream).Build();
    }

    private static FeatureManager CreateReferenceManager(IConfiguration configuration) =>
        new(new ConfigurationFeatureDefinitionProvider(configuration), new FeatureManagementOptions())
        {
            FeatureFilters = [new ContextualTargetingFilter(Options.Create(new TargetingEvaluationOptions()), NullLoggerFactory.Instance)],
        };

    private static async Task<Dictionary<(string User, string Flag), (bool Enabled, string? Variant)>> EvaluateWithJavaScriptAsync(List<User> users)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "node");
        await NodeScript.EnsurePackagesAsync(folder);
        var input = Path.Combine(Path.GetTempPath(), $"provider-consistency-{Guid.NewGuid():N}.json");
        try
        {
            var payload = new JsonObject
            {
                ["configuration"] = JsonNode.Parse(FlagsJson),
                ["flags"] = new JsonArray(BooleanFlags.Concat(VariantFlags).Distinct().Select(f => (JsonNode)f!).ToArray()),
                ["users"] = new JsonArray(users.Select(u => (JsonNode)new JsonObject
                {
                    ["id"] = u.Id,
                    ["groups"] = new JsonArray(u.Groups.Select(g => (JsonNode)g!).ToArray()),
                }).ToArray()),
            };
            await File.WriteAllTextAsync(input, payload.ToJsonString());
            var result = await NodeScript.RunNodeAsync(folder, "evaluate.mjs", [input]);
            Assert.That(result.ExitCode, Is.Zero, result.StandardError);
            using var document = JsonDocument.Parse(result.StandardOutput);
            return document.RootElement.EnumerateArray().ToDictionary(
                e => (e.GetProperty("user").GetString()!, e.GetProperty("flag").GetString()!),
                e => (e.GetProperty("enabled").GetBoolean(), e.GetProperty("variant").GetString()));
        }
        finally
        {
            File.Delete(input);
        }
    }

    private sealed record User(string Id, string[] Groups)
    {
        public override string ToString() => $"{Id}[{string.Join(",", Groups)}]";
    }

    /// <summary>Microsoft.FeatureManagement's own account of each assignment (its "FeatureFlag" activity event).</summary>
    private sealed class AssignmentRecorder : IDisposable
    {
        private readonly ActivityListener _listener;
        private readonly ConcurrentQueue<(string Flag, string? Reason)> _events = new();

        public AssignmentRecorder()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Microsoft.FeatureManagement",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    foreach (var e in activity.Events)
                    {
                        var tags = e.Tags.ToDictionary(t => t.Key, t => t.Value);
                        if (tags.TryGetValue("FeatureName", out var name) && name is string flag && flag.StartsWith("XL.", StringComparison.Ordinal))
                        {
                            _events.Enqueue((flag, tags.GetValueOrDefault("VariantAssignmentReason")?.ToString()));
                        }
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public void Clear() => _events.Clear();

        public string? First(string flag) => _events.FirstOrDefault(e => e.Flag == flag).Reason;

        public void Dispose() => _listener.Dispose();
    }
}
