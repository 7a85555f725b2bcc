using System.Text.Json.Nodes;

namespace OpenFeatureAppConfig.Rollouts.Tests;

/// <summary>The plan's stored form: round trip, the schema file, and bad plans refused with the field named.</summary>
[TestFixture]
public sealed class RolloutPlanJsonTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    internal static RolloutPlan SamplePlan() =>
        new RolloutPlan("new_checkout", "prod", RolloutTarget.Enabled, Start,
            [new(1, TimeSpan.FromHours(1)), new(5, TimeSpan.FromHours(4)), new(25, TimeSpan.FromDays(1)), new(100, TimeSpan.Zero)])
        .WithTransition(Start, new RolloutStatus(RolloutState.Running, 0), "stage 1 due", "executor:a", "\"etag-1\"")
        .WithTransition(Start.AddMinutes(30), new RolloutStatus(RolloutState.Paused, 0), "error rate up", "alice");

    [Test]
    public void A_plan_reads_back_as_written()
    {
        var plan = SamplePlan();
        var read = RolloutPlan.Parse(plan.FlagName, plan.Label, plan.ToJson());

        Assert.Multiple(() =>
        {
            Assert.That(read.Target, Is.EqualTo(plan.Target));
            Assert.That(read.Start, Is.EqualTo(plan.Start));
            Assert.That(read.Stages, Is.EqualTo(plan.Stages));
            Assert.That(read.History, Is.EqualTo(plan.History));
            Assert.That(read.FlagETag, Is.EqualTo("\"etag-1\""));
            Assert.That(read.Status, Is.EqualTo(new RolloutStatus(RolloutState.Paused, 0)));
            Assert.That(read.PauseReason, Is.EqualTo("error rate up"));
            Assert.That(read.ToJson(), Is.EqualTo(plan.ToJson()));
        });
    }

    [Test]
    public void A_variant_target_reads_back_as_written()
    {
        var plan = new RolloutPlan("greeting", null, RolloutTarget.ForVariant("warm"), Start, [new(50, TimeSpan.FromSeconds(1.5)), new(100, TimeSpan.Zero)]);
        var read = RolloutPlan.Parse("greeting", null, plan.ToJson());
        Assert.That(read.Target.Variant, Is.EqualTo("warm"));
        Assert.That(read.Stages[0].Hold, Is.EqualTo(TimeSpan.FromSeconds(1.5)));
    }

    [TestCase("target", null, "target")]
    [TestCase("target.type", "\"on\"", "target.type")]
    [TestCase("target.variant", "\"x\"", "target.variant")]
    [TestCase("start", "\"tomorrow\"", "start")]
    [TestCase("start", "\"2026-12-03T09:00:00\"", "start")]
    [TestCase("stages", "[]", "stages")]
    [TestCase("stages", "{}", "stages")]
    [TestCase("stages[1].percentage", "0.5", "stages[1].percentage")]
    [TestCase("stages[3].percentage", "101", "stages[3].percentage")]
    [TestCase("stages[0].percentage", "\"1\"", "stages[0].percentage")]
    [TestCase("stages[2].hold", "\"1 day\"", "stages[2].hold")]
    [TestCase("stages[2].hold", "\"P1M\"", "stages[2].hold")]
    [TestCase("stages[2].hold", "\"PT\"", "stages[2].hold")]
    [TestCase("stages[2].hold", "\"P3651D\"", "stages[2].hold")]
    [TestCase("stages[2].hodl", "\"PT1H\"", "stages[2].hodl")]
    [TestCase("state", "\"running\"", "state")]
    [TestCase("state", "\"stopped\"", "state")]
    [TestCase("history", null, "history")]
    [TestCase("history[1].from.stage", "1", "history[1].from")]
    [TestCase("history[0].to.stage", "4", "history[0].to.stage")]
    [TestCase("history[0].to.stage", "-1", "history[0].to.stage")]
    [TestCase("history[1].at", "\"2026-12-03T08:00:00Z\"", "history[1].at")]
    [TestCase("history[1].reason", "\"\"", "history[1].reason")]
    [TestCase("history[1].actor", null, "history[1].actor")]
    [TestCase("flagEtag", "7", "flagEtag")]
    [TestCase("owner", "\"bob\"", "owner")]
    public void A_bad_plan_is_refused_with_the_field_named(string path, string? json, string field)
    {
        var value = Edit(SamplePlan().ToJson(), path, json);

        var error = Assert.Throws<RolloutPlanFormatException>(() => RolloutPlan.Parse("new_checkout", "prod", value));
        Assert.That(error!.Field, Is.EqualTo(field), error.Message);
        Assert.That(error.Message, Does.Contain(field));
    }

    [TestCase("")]
    [TestCase("[]")]
    [TestCase("{\"target\":")]
    public void A_value_that_is_not_a_plan_object_is_refused(string value)
    {
        var error = Assert.Throws<RolloutPlanFormatException>(() => RolloutPlan.Parse("f", null, value));
        Assert.That(error!.Field, Is.Empty);
    }

    [Test]
    public void A_plan_built_in_code_is_checked_too()
    {
        var error = Assert.Throws<RolloutPlanFormatException>(() =>
            new RolloutPlan("f", null, RolloutTarget.Enabled, Start, [new(10, TimeSpan.Zero), new(10, TimeSpan.Zero)]));
        Assert.That(error!.Field, Is.EqualTo("stages[1].percentage"));

        var completedTooEarly = Assert.Throws<RolloutPlanFormatException>(() =>
            SamplePlan().WithTransition(Start.AddHours(1), new RolloutStatus(RolloutState.Completed, 1), "done", "bob"));
        Assert.That(completedTooEarly!.Field, Is.EqualTo("history[2].to.stage"));
    }

    [Test]
    public void The_embedded_schema_is_the_documented_file()
    {
        using var stream = typeof(RolloutPlan).Assembly.GetManifestResourceStream("rollout-plan.schema.json");
        Assert.That(stream, Is.Not.Null);
        using var reader = new StreamReader(stream!);
        Assert.That(reader.ReadToEnd(), Is.EqualTo(File.ReadAllText(RepositoryFile("docs/schemas/rollout-plan.schema.json"))));
    }

    [Test]
    public void Every_field_the_schema_requires_is_required_by_the_reader()
    {
        var schema = JsonNode.Parse(File.ReadAllText(RepositoryFile("docs/schemas/rollout-plan.schema.json")))!;
        var required = new List<string>();
        required.AddRange(Names(schema["required"]));
        required.AddRange(Names(schema["properties"]!["target"]!["required"]).Select(name => "target." + name));
        required.AddRange(Names(schema["properties"]!["stages"]!["items"]!["required"]).Select(name => "stages[0]." + name));
        required.AddRange(Names(schema["properties"]!["history"]!["items"]!["required"]).Select(name => "history[0]." + name));
        required.AddRange(Names(schema["$defs"]!["status"]!["required"]).Select(name => "history[0].to." + name));
        Assert.That(required, Has.Count.GreaterThanOrEqualTo(13));

        foreach (var field in required)
        {
            var error = Assert.Throws<RolloutPlanFormatException>(() => RolloutPlan.Parse("new_checkout", "prod", Edit(SamplePlan().ToJson(), field, null)), field);
            Assert.That(error!.Field, Is.EqualTo(field));
        }
    }

    /// <summary>Sets (or, with a null value, removes) the field at a path like <c>stages[2].hold</c>.</summary>
    internal static string Edit(string json, string path, string? value)
    {
        var root = JsonNode.Parse(json)!;
        var parts = path.Replace("]", string.Empty, StringComparison.Ordinal).Split('.', '[');
        var node = root;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            node = int.TryParse(parts[i], out var index) ? node[index]! : node[parts[i]]!;
        }

        var last = parts[^1];
        if (value is null)
        {
            node.AsObject().Remove(last);
        }
        else
        {
            node[last] = JsonNode.Parse(value);
        }

        return root.ToJsonString();
    }

    internal static string RepositoryFile(string relativePath)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, relativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"No {relativePath} above {AppContext.BaseDirectory}.");
    }

    private static IEnumerable<string> Names(JsonNode? array) => array!.AsArray().Select(node => node!.GetValue<string>());
}
