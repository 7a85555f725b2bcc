using Microsoft.Extensions.Configuration;
using OpenFeature.Constant;
using OpenFeature.Model;

namespace OpenFeatureAppConfig.Provider.Tests;

public sealed class SchemaTests
{
    [Test]
    public async Task Flags_in_the_dotnet_schema_evaluate_and_are_announced_when_they_change()
    {
        var (configuration, source) = ReloadableJsonConfiguration.Create("""
            {"FeatureManagement":{"Legacy":true,"Old":false,
              "Targeted":{"EnabledFor":[{"Name":"Microsoft.Targeting","Parameters":{"Audience":{"Users":["alice"]}}}]}}}
            """);
        var provider = new FeatureManagementProvider(configuration);
        await provider.InitializeAsync(EvaluationContext.Empty);

        var legacy = await provider.ResolveBooleanValueAsync("Legacy", false);
        var old = await provider.ResolveBooleanValueAsync("Old", true);
        var targeted = await provider.ResolveBooleanValueAsync("Targeted", false, Flags.User("alice"));
        source.SetJson("""
            {"FeatureManagement":{"Legacy":true,"Old":true,
              "Targeted":{"EnabledFor":[{"Name":"Microsoft.Targeting","Parameters":{"Audience":{"Users":["alice"]}}}]}}}
            """);
        var changed = (ProviderEventPayload)await provider.GetEventChannel().Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Multiple(() =>
        {
            Assert.That((legacy.Value, legacy.Reason), Is.EqualTo((true, Reason.Static)));
            Assert.That(old.Value, Is.False);
            Assert.That((targeted.Value, targeted.Reason), Is.EqualTo((true, Reason.TargetingMatch)));
            Assert.That(changed.FlagsChanged, Is.EqualTo(new[] { "Old" }));
        });
    }

    [Test]
    public async Task The_later_declaration_of_a_flag_wins_as_in_the_feature_manager()
    {
        var provider = Flags.Provider("""{"id":"Twice","enabled":false,"description":"first"}""", """{"id":"Twice","enabled":true,"description":"second"}""");

        var result = await provider.ResolveBooleanValueAsync("Twice", false);

        Assert.That((result.Value, result.FlagMetadata!.GetString(FlagMetadataKeys.Description)), Is.EqualTo((true, "second")));
    }

    [Test]
    public async Task Flags_are_indexed_from_chained_and_layered_configuration()
    {
        var inner = Flags.Configuration("""{"id":"Inner","enabled":true}""");
        var configuration = new ConfigurationBuilder()
            .AddConfiguration(inner)
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["feature_management:feature_flags:1:id"] = "Layered",
                ["feature_management:feature_flags:1:enabled"] = "true",
            })
            .Build();
        var provider = new FeatureManagementProvider(configuration);

        var innerResult = await provider.ResolveBooleanValueAsync("Inner", false);
        var layered = await provider.ResolveBooleanValueAsync("Layered", false);

        Assert.That((innerResult.Value, innerResult.ErrorType, layered.Value, layered.ErrorType), Is.EqualTo((true, ErrorType.None, true, ErrorType.None)));
    }
}
