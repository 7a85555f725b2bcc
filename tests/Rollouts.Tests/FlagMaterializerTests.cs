using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;
using OpenFeatureAppConfig.Rollouts.Internal;

namespace OpenFeatureAppConfig.Rollouts.Tests;

/// <summary>
/// The rollout written into the standard flag, evaluated by Microsoft.FeatureManagement itself: users who have
/// the target at one stage keep it at every later one, for on/off and variant flags.
/// </summary>
[TestFixture]
public sealed class FlagMaterializerTests
{
    private const int UserCount = 10_000;
    private static readonly double[] Stages = [1, 5, 25, 50, 100];
    private static readonly string[] Users = Enumerable.Range(0, UserCount).Select(i => $"user-{i}@example.com").ToArray();

    [Test]
    public async Task On_off_flag_users_who_had_it_keep_it_at_every_later_stage()
    {
        var flag = """{"id":"new_checkout","description":"kept","enabled":false,"telemetry":{"enabled":true}}""";
        HashSet<string> previous = [];
        foreach (var percentage in Stages)
        {
            flag = FlagMaterializer.Apply(flag, RolloutTarget.Enabled, percentage);
            var features = FeatureManagerFor(flag);
            var enabled = new HashSet<string>();
            foreach (var user in Users)
            {
                if (await features.IsEnabledAsync("new_checkout", new TargetingContext { UserId = user }))
                {
                    enabled.Add(user);
                }
            }

            Assert.That(previous.IsSubsetOf(enabled), Is.True, $"at {percentage} %, {previous.Except(enabled).Count()} users lost the feature");
            AssertShare(enabled.Count, percentage);
            previous = enabled;
        }

        var flagNode = JsonNode.Parse(flag)!;
        Assert.That(flagNode["description"]!.GetValue<string>(), Is.EqualTo("kept"));
        Assert.That(flagNode["telemetry"]!["enabled"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public async Task Variant_flag_users_who_had_the_target_keep_it_and_the_others_keep_theirs()
    {
        var flag = """
            {"id":"greeting","enabled":true,
             "variants":[{"name":"Cold","configuration_value":"hello"},{"name":"Warm","configuration_value":"hi!"},{"name":"Formal","configuration_value":"good day"}],
             "allocation":{"default_when_enabled":"Cold","percentile":[{"variant":"Cold","from":0,"to":60},{"variant":"Formal","from":60,"to":100}],"seed":"greeting-seed"}}
            """;
        var before = await VariantsAsync(FeatureManagerFor(flag), "greeting");
        HashSet<string> previous = [];
        foreach (var percentage in Stages)
        {
            flag = FlagMaterializer.Apply(flag, RolloutTarget.ForVariant("Warm"), percentage);
            var variants = await VariantsAsync(FeatureManagerFor(flag), "greeting");
            var warm = variants.Where(pair => pair.Value == "Warm").Select(pair => pair.Key).ToHashSet();

            Assert.That(previous.IsSubsetOf(warm), Is.True, $"at {percentage} %, {previous.Except(warm).Count()} users lost the target variant");
            AssertShare(warm.Count, percentage);
            var moved = variants.Count(pair => pair.Value != "Warm" && pair.Value != before[pair.Key]);
            Assert.That(moved, Is.Zero, $"at {percentage} %, users outside the target changed variant");
            previous = warm;
        }
    }

    [Test]
    public async Task Zero_percent_gives_the_target_to_nobody_and_the_others_their_default()
    {
        var onOff = FlagMaterializer.Apply(FlagMaterializer.Apply("""{"id":"f","enabled":true}""", RolloutTarget.Enabled, 25), RolloutTarget.Enabled, 0);
        var features = FeatureManagerFor(onOff);
        foreach (var user in Users.Take(1000))
        {
            Assert.That(await features.IsEnabledAsync("f", new TargetingContext { UserId = user }), Is.False);
        }

        var variant = FlagMaterializer.Apply(
            """{"id":"v","enabled":true,"variants":[{"name":"A"},{"name":"B"}],"allocation":{"default_when_enabled":"A","percentile":[{"variant":"B","from":0,"to":30}]}}""",
            RolloutTarget.ForVariant("B"),
            0);
        Assert.That(JsonNode.Parse(variant)!["allocation"]!["percentile"]!.AsArray(), Is.Empty);
    }

    [Test]
    public void An_existing_targeting_filter_keeps_its_users_groups_and_exclusions()
    {
        var flag = """
            {"id":"f","enabled":true,"conditions":{"requirement_type":"All","client_filters":[
              {"name":"Microsoft.TimeWindow","parameters":{"Start":"Mon, 01 Dec 2026 00:00:00 GMT"}},
              {"name":"Microsoft.Targeting","parameters":{"Audience":{"Users":["alice"],"Groups":[{"Name":"beta","RolloutPercentage":50}],"DefaultRolloutPercentage":0,"Exclusion":{"Users":["mallory"]}}}}]}}
            """;
        var written = JsonNode.Parse(FlagMaterializer.Apply(flag, RolloutTarget.Enabled, 5))!;
        var filters = written["conditions"]!["client_filters"]!.AsArray();
        Assert.That(filters, Has.Count.EqualTo(2));
        var audience = filters[1]!["parameters"]!["Audience"]!;
        Assert.Multiple(() =>
        {
            Assert.That(audience["DefaultRolloutPercentage"]!.GetValue<double>(), Is.EqualTo(5));
            Assert.That(audience["Users"]!.AsArray().Single()!.GetValue<string>(), Is.EqualTo("alice"));
            Assert.That(audience["Groups"]![0]!["RolloutPercentage"]!.GetValue<int>(), Is.EqualTo(50));
            Assert.That(audience["Exclusion"]!["Users"]![0]!.GetValue<string>(), Is.EqualTo("mallory"));
            Assert.That(written["conditions"]!["requirement_type"]!.GetValue<string>(), Is.EqualTo("All"));
        });
    }

    [TestCase("""{"id":"v","variants":[{"name":"A"}]}""", "no variant 'B'")]
    [TestCase("""{"id":"v"}""", "no variant 'B'")]
    [TestCase("""[1]""", "not a JSON object")]
    [TestCase("""{"id":""", "not JSON")]
    [TestCase("""{"id":"v","variants":[{"name":"B"}],"allocation":{"percentile":{}}}""", "'allocation.percentile' is not an array")]
    [TestCase("""{"id":"v","variants":[{"name":"B"}],"allocation":{"percentile":[{"variant":"A","from":"0","to":50}]}}""", "numeric 'from'")]
    public void A_flag_the_rollout_cannot_write_into_is_an_error(string flag, string message)
    {
        var error = Assert.Throws<FormatException>(() => FlagMaterializer.Apply(flag, RolloutTarget.ForVariant("B"), 5));
        Assert.That(error!.Message, Does.Contain(message));
    }

    private static void AssertShare(int count, double percentage)
    {
        // Four standard deviations of a binomial draw: the hash is uniform, not exact.
        var p = percentage / 100;
        var slack = 4 * Math.Sqrt(UserCount * p * (1 - p));
        Assert.That(count, Is.InRange(UserCount * p - slack, UserCount * p + slack), $"{count} users at {percentage} %");
    }

    private static async Task<Dictionary<string, string?>> VariantsAsync(IVariantFeatureManager features, string flag)
    {
        var variants = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var user in Users)
        {
            variants[user] = (await features.GetVariantAsync(flag, new TargetingContext { UserId = user }, CancellationToken.None))?.Name;
        }

        return variants;
    }

    private static IVariantFeatureManager FeatureManagerFor(string flagJson)
    {
        var json = "{\"feature_management\":{\"feature_flags\":[" + flagJson + "]}}";
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddFeatureManagement();
        return services.BuildServiceProvider().GetRequiredService<IVariantFeatureManager>();
    }
}
