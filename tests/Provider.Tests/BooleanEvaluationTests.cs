using OpenFeature.Constant;
using OpenFeature.Model;

namespace OpenFeatureAppConfig.Provider.Tests;

public sealed class BooleanEvaluationTests
{
    private const string Targeting = """
        {"id":"Beta","enabled":true,"conditions":{"client_filters":[{"name":"Microsoft.Targeting","parameters":{"Audience":{
          "Users":["alice"],"Groups":[{"Name":"staff","RolloutPercentage":100}],"DefaultRolloutPercentage":0,
          "Exclusion":{"Users":["mallory"],"Groups":["blocked"]}}}}]}}
        """;

    [Test]
    public async Task An_enabled_flag_without_conditions_is_true_and_static()
    {
        var provider = Flags.Provider("""{"id":"On","enabled":true}""");

        var result = await provider.ResolveBooleanValueAsync("On", false);

        Assert.Multiple(() =>
        {
            Assert.That(result.Value, Is.True);
            Assert.That(result.Reason, Is.EqualTo(Reason.Static));
            Assert.That(result.ErrorType, Is.EqualTo(ErrorType.None));
            Assert.That(result.Variant, Is.Null);
        });
    }

    [Test]
    public async Task A_disabled_flag_is_false_with_reason_disabled()
    {
        var provider = Flags.Provider("""{"id":"Off","enabled":false}""");

        var result = await provider.ResolveBooleanValueAsync("Off", true);

        Assert.That((result.Value, result.Reason, result.ErrorType), Is.EqualTo((false, Reason.Disabled, ErrorType.None)));
    }

    [Test]
    public async Task The_targeting_key_is_the_user_id_of_targeting()
    {
        // Contrib weakness: only an attribute named "UserId" was read; OpenFeature's targeting key was ignored.
        var provider = Flags.Provider(Targeting);

        var alice = await provider.ResolveBooleanValueAsync("Beta", false, Flags.User("alice"));
        var bob = await provider.ResolveBooleanValueAsync("Beta", true, Flags.User("bob"));
        var userIdAttribute = await provider.ResolveBooleanValueAsync("Beta", true, EvaluationContext.Builder().Set("UserId", "alice").Build());

        Assert.Multiple(() =>
        {
            Assert.That((alice.Value, alice.Reason), Is.EqualTo((true, Reason.TargetingMatch)));
            Assert.That((bob.Value, bob.Reason), Is.EqualTo((false, Reason.TargetingMatch)));
            Assert.That(userIdAttribute.Value, Is.False, "an attribute named UserId is not the targeting key");
        });
    }

    [Test]
    public async Task Groups_come_from_a_list_or_a_comma_separated_string()
    {
        var provider = Flags.Provider(Targeting);

        var list = await provider.ResolveBooleanValueAsync("Beta", false, Flags.User("carol", "staff"));
        var csv = await provider.ResolveBooleanValueAsync("Beta", false, EvaluationContext.Builder().SetTargetingKey("carol").Set("groups", "guests, staff").Build());
        var none = await provider.ResolveBooleanValueAsync("Beta", true, Flags.User("carol", "guests"));

        Assert.That((list.Value, csv.Value, none.Value), Is.EqualTo((true, true, false)));
    }

    [Test]
    public async Task The_groups_attribute_is_configurable()
    {
        var provider = Flags.Provider(new FeatureManagementProviderOptions { GroupsAttribute = "teams" }, Targeting);

        var teams = await provider.ResolveBooleanValueAsync("Beta", false, EvaluationContext.Builder().SetTargetingKey("dave").Set("teams", "staff").Build());
        var groups = await provider.ResolveBooleanValueAsync("Beta", true, Flags.User("dave", "staff"));

        Assert.That((teams.Value, groups.Value), Is.EqualTo((true, false)));
    }

    [Test]
    public async Task Exclusions_win_over_inclusions()
    {
        var provider = Flags.Provider(Targeting);

        var excludedUser = await provider.ResolveBooleanValueAsync("Beta", true, Flags.User("mallory", "staff"));
        var excludedGroup = await provider.ResolveBooleanValueAsync("Beta", true, Flags.User("alice", "blocked"));

        Assert.That((excludedUser.Value, excludedGroup.Value), Is.EqualTo((false, false)));
    }

    [Test]
    public async Task Ignore_case_is_off_by_default_and_can_be_turned_on()
    {
        var strict = Flags.Provider(Targeting);
        var relaxed = Flags.Provider(new FeatureManagementProviderOptions { IgnoreCase = true }, Targeting);

        var strictResult = await strict.ResolveBooleanValueAsync("Beta", false, Flags.User("ALICE"));
        var relaxedResult = await relaxed.ResolveBooleanValueAsync("Beta", false, Flags.User("ALICE"));

        Assert.That((strictResult.Value, relaxedResult.Value), Is.EqualTo((false, true)));
    }

    [Test]
    public async Task A_mapper_can_replace_the_translation_of_the_context()
    {
        var options = new FeatureManagementProviderOptions
        {
            TargetingContextMapper = context => new Microsoft.FeatureManagement.FeatureFilters.TargetingContext
            {
                UserId = context.GetValue("email").AsString,
                Groups = ["staff"],
            },
        };
        var provider = Flags.Provider(options, Targeting.Replace("\"alice\"", "\"alice@example.com\""));

        var result = await provider.ResolveBooleanValueAsync("Beta", false, EvaluationContext.Builder().Set("email", "alice@example.com").Build());

        Assert.That((result.Value, result.Reason), Is.EqualTo((true, Reason.TargetingMatch)));
    }

    [Test]
    public async Task A_groups_attribute_of_the_wrong_type_is_an_invalid_context()
    {
        var provider = Flags.Provider(Targeting);

        var result = await provider.ResolveBooleanValueAsync("Beta", true, EvaluationContext.Builder().SetTargetingKey("x").Set("groups", 42).Build());

        Assert.Multiple(() =>
        {
            Assert.That((result.Value, result.ErrorType, result.Reason), Is.EqualTo((true, ErrorType.InvalidContext, Reason.Error)));
            Assert.That(result.ErrorMessage, Does.Contain("groups").And.Contain("Beta"));
        });
    }

    [Test]
    public async Task A_variant_value_never_overrides_the_enabled_state()
    {
        // Contrib weakness: the variant's boolean value replaced the enabled state. Here the flag is off and
        // its default-when-disabled variant holds true: the answer stays false, the variant is still reported.
        var provider = Flags.Provider("""
            {"id":"Kill","enabled":false,"variants":[{"name":"Yes","configuration_value":true}],
             "allocation":{"default_when_disabled":"Yes"}}
            """);

        var result = await provider.ResolveBooleanValueAsync("Kill", true);

        Assert.That((result.Value, result.Variant, result.Reason), Is.EqualTo((false, "Yes", Reason.Disabled)));
    }

    [Test]
    public async Task Status_override_of_the_assigned_variant_decides_the_enabled_state()
    {
        var provider = Flags.Provider("""
            {"id":"Rollout","enabled":true,
             "variants":[{"name":"On","configuration_value":true},{"name":"Off","configuration_value":false,"status_override":"Disabled"}],
             "allocation":{"default_when_enabled":"On","user":[{"variant":"Off","users":["opted-out"]}]}}
            """);

        var everyone = await provider.ResolveBooleanValueAsync("Rollout", false, Flags.User("anyone"));
        var optedOut = await provider.ResolveBooleanValueAsync("Rollout", true, Flags.User("opted-out"));

        Assert.Multiple(() =>
        {
            Assert.That((everyone.Value, everyone.Variant, everyone.Reason), Is.EqualTo((true, "On", Reason.Static)));
            Assert.That((optedOut.Value, optedOut.Variant, optedOut.Reason), Is.EqualTo((false, "Off", Reason.TargetingMatch)));
        });
    }

    [Test]
    public async Task A_boolean_flag_with_percentile_allocation_reports_split()
    {
        var provider = Flags.Provider("""
            {"id":"Exp","enabled":true,
             "variants":[{"name":"A","configuration_value":true},{"name":"B","configuration_value":false,"status_override":"Disabled"}],
             "allocation":{"percentile":[{"variant":"A","from":0,"to":50},{"variant":"B","from":50,"to":100}],"seed":"s"}}
            """);

        var results = new List<(bool, string?, string?)>();
        for (var i = 0; i < 40; i++)
        {
            var r = await provider.ResolveBooleanValueAsync("Exp", false, Flags.User("user" + i));
            results.Add((r.Value, r.Variant, r.Reason));
        }

        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.Item3), Is.All.EqualTo(Reason.Split));
            Assert.That(results.Where(r => r.Item2 == "A").Select(r => r.Item1), Is.Not.Empty.And.All.True);
            Assert.That(results.Where(r => r.Item2 == "B").Select(r => r.Item1), Is.Not.Empty.And.All.False);
        });
    }
}
