using OpenFeatureAppConfig.Emulator.Tests.Support;

namespace OpenFeatureAppConfig.Emulator.Tests.Storage;

public class SeedFileTests
{
    private static async Task<string[]> AllAsync(AppConfigurationEmulator emulator)
    {
        using var client = ApiClient.For(emulator);
        using var response = await client.GetAsync("/kv?api-version=1.0");
        var page = await ApiClient.ReadJsonAsync(response);
        return [.. page.GetProperty("items").EnumerateArray().Select(i =>
            $"{i.GetProperty("key").GetString()}|{i.GetProperty("label").GetString()}|{i.GetProperty("value").GetString()}|{i.GetProperty("content_type").GetString()}")];
    }

    [Test]
    public async Task The_kvset_export_shape_is_loaded_with_labels_content_types_and_tags()
    {
        using var folder = new TempFolder();
        var seed = folder.File("export.json");
        await File.WriteAllTextAsync(seed, """
            {"items":[
              {"key":"app:color","value":"blue","label":"prod","content_type":null,"tags":{"team":"web"}},
              {"key":".appconfig.featureflag/Beta","value":"{\"id\":\"Beta\",\"enabled\":true}","label":null,"content_type":"application/vnd.microsoft.appconfig.ff+json;charset=utf-8","tags":{}}
            ]}
            """);
        await using var emulator = await AppConfigurationEmulator.StartAsync(new AppConfigurationEmulatorOptions { SeedFile = seed });
        Assert.That(await AllAsync(emulator), Is.EqualTo(new[]
        {
            ".appconfig.featureflag/Beta||{\"id\":\"Beta\",\"enabled\":true}|application/vnd.microsoft.appconfig.ff+json;charset=utf-8",
            "app:color|prod|blue|",
        }));
    }

    [Test]
    public async Task An_appsettings_file_with_feature_management_and_plain_settings_is_loaded()
    {
        using var folder = new TempFolder();
        var seed = folder.File("appsettings.json");
        await File.WriteAllTextAsync(seed, """
            {
              // comments are fine
              "Logging": { "LogLevel": { "Default": "Information" } },
              "Retries": 3,
              "feature_management": { "feature_flags": [ { "id": "Beta", "enabled": true }, { "id": "Dark", "enabled": false } ] },
              "FeatureManagement": { "Legacy": true, "Half": { "EnabledFor": [ { "Name": "Microsoft.Percentage", "Parameters": { "Value": 50 } } ] } }
            }
            """);
        await using var emulator = await AppConfigurationEmulator.StartAsync(new AppConfigurationEmulatorOptions { SeedFile = seed });
        var all = await AllAsync(emulator);
        Assert.That(all.Select(a => a.Split('|')[0]), Is.EqualTo(new[]
        {
            ".appconfig.featureflag/Beta", ".appconfig.featureflag/Dark", ".appconfig.featureflag/Half", ".appconfig.featureflag/Legacy",
            "Logging:LogLevel:Default", "Retries",
        }));
        Assert.That(all, Does.Contain("Retries||3|"));
        var half = all.Single(a => a.StartsWith(".appconfig.featureflag/Half", StringComparison.Ordinal));
        Assert.That(half, Does.Contain("Microsoft.Percentage").And.Contain("\"enabled\":true"));
    }

    [Test]
    public async Task The_seed_is_loaded_only_into_an_empty_store()
    {
        using var folder = new TempFolder();
        var seed = folder.File("seed.json");
        await File.WriteAllTextAsync(seed, """[{"key":"seeded","value":"1"}]""");
        var options = new AppConfigurationEmulatorOptions { SeedFile = seed, DataPath = folder.File("data") };
        await using (var emulator = await AppConfigurationEmulator.StartAsync(options))
        {
            await emulator.SetKeyValueAsync("seeded", "changed");
        }

        await using var restarted = await AppConfigurationEmulator.StartAsync(options);
        Assert.That(await AllAsync(restarted), Is.EqualTo(new[] { "seeded||changed|" }));
    }

    [TestCase("""{"items":[{"value":"no key"}]}""", "$.items[0].key")]
    [TestCase("""{"feature_management":{"feature_flags":[{"enabled":true}]}}""", "feature_flags[0]")]
    [TestCase("""{"items":[{"key":".appconfig.featureflag/X","value":"{\"id\":\"X\",\"enabled\":1}","content_type":"application/vnd.microsoft.appconfig.ff+json;charset=utf-8"}]}""", "enabled")]
    [TestCase("""{ "broken": """, "not valid JSON")]
    public async Task A_bad_seed_file_is_an_error_naming_the_file_and_the_place(string content, string expected)
    {
        using var folder = new TempFolder();
        var seed = folder.File("bad.json");
        await File.WriteAllTextAsync(seed, content);
        var error = Assert.CatchAsync<InvalidDataException>(() => AppConfigurationEmulator.StartAsync(new AppConfigurationEmulatorOptions { SeedFile = seed }));
        Assert.That(error!.Message, Does.Contain(seed).And.Contain(expected));
    }
}
