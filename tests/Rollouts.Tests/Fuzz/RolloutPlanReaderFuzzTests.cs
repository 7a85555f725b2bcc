using System.Text.Json.Nodes;
using CsCheck;
using OpenFeatureAppConfig.TestSupport;

namespace OpenFeatureAppConfig.Rollouts.Tests.Fuzz;

/// <summary>Whatever a hostile or careless writer puts in a plan key-value, reading it is a plan or an error naming a field, nothing else.</summary>
[TestFixture]
public sealed class RolloutPlanReaderFuzzTests
{
    private static readonly string[] Values =
    [
        "null", "0", "-1", "1.5", "100", "101", "1e308", "-0", "2147483648", "true", "\"\"", "\"x\"", "\"PT1H\"", "\"P1D\"", "\"PT\"",
        "\"2026-12-03T09:00:00Z\"", "\"9999-12-31T23:59:59Z\"", "\"0001-01-01T00:00:00+14:00\"", "\"running\"", "\"paused\"", "\"rolledBack\"",
        "\"completed\"", "\"enabled\"", "\"variant\"", "[]", "{}", "[{}]", "{\"state\":\"running\",\"stage\":0}", "\"\\u0000\"", "\"P999999DT9999999H\"",
    ];

    [Test]
    public void Any_edit_of_a_plan_reads_as_a_plan_that_round_trips_or_as_an_error_naming_a_field()
    {
        var original = RolloutPlanJsonTests.SamplePlan().ToJson();
        var paths = Paths(JsonNode.Parse(original)!, string.Empty).ToArray();
        var edit = Gen.Select(Gen.Int[0, paths.Length - 1], Gen.Int[-1, Values.Length - 1]);

        edit.Array[1, 4].Sample(edits =>
        {
            var json = original;
            foreach (var (path, value) in edits)
            {
                try
                {
                    json = RolloutPlanJsonTests.Edit(json, paths[path], value < 0 ? null : Values[value]);
                }
                catch (Exception e) when (e is InvalidOperationException or NullReferenceException or ArgumentOutOfRangeException)
                {
                    // An earlier edit replaced a parent of this path: nothing left to edit there.
                }
            }

            RolloutPlan plan;
            try
            {
                plan = RolloutPlan.Parse("f", null, json);
            }
            catch (RolloutPlanFormatException e)
            {
                Assert.That(e.Field, Is.Not.Null);
                return;
            }

            var written = plan.ToJson();
            Assert.That(RolloutPlan.Parse("f", null, written).ToJson(), Is.EqualTo(written), json);
            _ = RolloutSchedule.Evaluate(plan, DateTimeOffset.UnixEpoch);
            _ = RolloutSchedule.Evaluate(plan, DateTimeOffset.MaxValue.AddYears(-1));
        }, seed: FuzzSettings.Seed("1xn1HwIbwfUS"), iter: FuzzSettings.Iterations(2000), threads: 1);
    }

    private static IEnumerable<string> Paths(JsonNode node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    var childPath = path.Length == 0 ? name : path + "." + name;
                    yield return childPath;
                    if (child is not null)
                    {
                        foreach (var nested in Paths(child, childPath))
                        {
                            yield return nested;
                        }
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var childPath = $"{path}[{i}]";
                    if (array[i] is JsonObject child)
                    {
                        foreach (var nested in Paths(child, childPath))
                        {
                            yield return nested;
                        }
                    }
                }

                break;
        }
    }
}
