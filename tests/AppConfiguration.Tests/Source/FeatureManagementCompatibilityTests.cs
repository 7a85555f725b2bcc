using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;
using OpenFeatureAppConfig.AppConfiguration;
using OpenFeatureAppConfig.Emulator;

namespace OpenFeatureAppConfig.AppConfiguration.Tests.Source;

/// <summary>The flags loaded from the store read like a local JSON file, and Microsoft.FeatureManagement evaluates them.</summary>
public class FeatureManagementCompatibilityTests
{
    private static readonly string[] Flags =
    [
        """{"id":"Always","enabled":true}""",
        """{"id":"Off","enabled":false}""",
        """{"id":"Targeted","enabled":true,"conditions":{"requirement_type":"All","client_filters":[{"name":"Microsoft.Targeting","parameters":{"Audience":{"Users":["alice"],"Groups":[{"Name":"beta","RolloutPercentage":100}],"DefaultRolloutPercentage":0,"Exclusion":{"Users":["mallory"],"Groups":[]}}}}]}}""",
        """{"id":"Colors","enabled":true,"variants":[{"name":"Red","configuration_value":"red"},{"name":"Blue","configuration_value":{"Hex":"#00f","Shades":[1,2]}}],"allocation":{"default_when_enabled":"Red","default_when_disabled":"Red","user":[{"variant":"Blue","users":["alice"]}],"percentile":[{"variant":"Red","from":0,"to":100}],"seed":"s"}}""",
    ];

    private AppConfigurationEmulator _emulator = null!;
    private string _folder = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _emulator = await TestStore.StartAsync();
        _folder = Directory.CreateTempSubdirectory("appconfig-json-").FullName;
        foreach (var flag in Flags)
        {
            await _emulator.SetFeatureFlagAsync(flag);
        }
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _emulator.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public void Store_and_local_json_produce_the_same_configuration()
    {
        var file = Path.Combine(_folder, "flags.json");
        // The store lists flags in key order, so the file does too.
        var ordered = Flags.OrderBy(f => JsonDocument.Parse(f).RootElement.GetProperty("id").GetString(), StringComparer.Ordinal);
        File.WriteAllText(file, "{\"feature_management\":{\"feature_flags\":[" + string.Join(",", ordered) + "]}}");
        var fromJson = new ConfigurationBuilder().AddJsonFile(file).Build();
        var fromStore = SourceHarness.Build(_emulator.ConnectionString, o => o.Select("none").UseFeatureFlags()).Root;

        Assert.That(Flatten(fromStore), Is.EquivalentTo(Flatten(fromJson)));
    }

    [Test]
    public async Task Microsoft_FeatureManagement_evaluates_the_loaded_flags()
    {
        var root = SourceHarness.Build(_emulator.ConnectionString, o => o.UseFeatureFlags()).Root;
        await using var services = new ServiceCollection().AddSingleton<IConfiguration>(root).AddFeatureManagement().Services.BuildServiceProvider();
        var features = services.GetRequiredService<IVariantFeatureManager>();
        var alice = new TargetingContext { UserId = "alice" };
        var bob = new TargetingContext { UserId = "bob", Groups = ["beta"] };
        var mallory = new TargetingContext { UserId = "mallory", Groups = ["beta"] };
        var carol = new TargetingContext { UserId = "carol" };

        Assert.Multiple(async () =>
        {
            Assert.That(await features.IsEnabledAsync("Always"), Is.True);
            Assert.That(await features.IsEnabledAsync("Off"), Is.False);
            Assert.That(await features.IsEnabledAsync("Targeted", alice), Is.True);
            Assert.That(await features.IsEnabledAsync("Targeted", bob), Is.True);
            Assert.That(await features.IsEnabledAsync("Targeted", mallory), Is.False);
            Assert.That(await features.IsEnabledAsync("Targeted", carol), Is.False);
            Assert.That((await features.GetVariantAsync("Colors", alice))!.Configuration["Hex"], Is.EqualTo("#00f"));
            Assert.That((await features.GetVariantAsync("Colors", carol))!.Configuration.Value, Is.EqualTo("red"));
        });
    }

    /// <summary>
    /// Entries with a value: an empty JSON array is "" in a JSON file but null from the store (as Microsoft's
    /// provider writes it); both read as "no items".
    /// </summary>
    private static Dictionary<string, string?> Flatten(IConfiguration configuration) =>
        configuration.AsEnumerable().Where(e => !string.IsNullOrEmpty(e.Value)).ToDictionary(e => e.Key, e => e.Value);
}
