using System.Globalization;
using Microsoft.Extensions.Configuration;
using OpenFeatureAppConfig.AppConfiguration;
using OpenFeatureAppConfig.Emulator;

namespace OpenFeatureAppConfig.Benchmarks.AppConfiguration;

/// <summary>An in-process emulator on loopback seeded with feature flags, shared by the App Configuration benchmarks.</summary>
internal static class BenchmarkStore
{
    public static async Task<AppConfigurationEmulator> StartWithFlagsAsync(int count)
    {
        var emulator = await AppConfigurationEmulator.StartAsync();
        for (var i = 0; i < count; i++)
        {
            await emulator.SetFeatureFlagAsync(FlagJson(FlagId(i), enabled: i % 2 == 0));
        }

        return emulator;
    }

    public static string FlagId(int i) => "Flag" + i.ToString("D5", CultureInfo.InvariantCulture);

    public static string FlagJson(string id, bool enabled) =>
        "{\"id\":\"" + id + "\",\"enabled\":" + (enabled ? "true" : "false")
        + ",\"conditions\":{\"client_filters\":[{\"name\":\"Microsoft.Targeting\",\"parameters\":{\"Audience\":{\"Users\":[\"alice\"],\"DefaultRolloutPercentage\":10}}}]}}";

    public static ConfigurationSetting FlagSetting(string id, bool enabled) =>
        new(".appconfig.featureflag/" + id, FlagJson(id, enabled)) { ContentType = "application/vnd.microsoft.appconfig.ff+json;charset=utf-8" };

    public static IConfigurationRoot Build(string connectionString, Action<AzureAppConfigurationOptions>? configure = null) =>
        new ConfigurationBuilder()
            .AddAzureAppConfiguration(o =>
            {
                o.Connect(connectionString).UseFeatureFlags();
                configure?.Invoke(o);
            })
            .Build();
}
