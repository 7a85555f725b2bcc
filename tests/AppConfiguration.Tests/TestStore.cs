using Azure.Core;
using OpenFeatureAppConfig.AppConfiguration;
using OpenFeatureAppConfig.Emulator;

namespace OpenFeatureAppConfig.AppConfiguration.Tests;

/// <summary>Helpers shared by the tests that talk to an in-process emulator over loopback.</summary>
internal static class TestStore
{
    public static Task<AppConfigurationEmulator> StartAsync(AppConfigurationEmulatorOptions? options = null) =>
        AppConfigurationEmulator.StartAsync(options);

    /// <summary>
    /// Writes <paramref name="keyValues"/> key-values <c>App:Key000</c>… and <paramref name="flags"/> flags
    /// <c>Flag000</c>… (even ones enabled); the flags sort before the key-values, so they fill the first pages of every key.
    /// </summary>
    public static async Task SeedAsync(AppConfigurationEmulator emulator, int keyValues, int flags)
    {
        for (var i = 0; i < keyValues; i++)
        {
            await emulator.SetKeyValueAsync($"App:Key{i:D3}", "v" + i);
        }

        for (var i = 0; i < flags; i++)
        {
            await emulator.SetFeatureFlagAsync(FlagJson($"Flag{i:D3}", i % 2 == 0));
        }
    }

    /// <summary>Client options whose retries wait milliseconds, not seconds, so fault tests stay fast.</summary>
    public static AppConfigurationClientOptions FastRetries(AppConfigurationClientOptions? options = null)
    {
        options ??= new AppConfigurationClientOptions();
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.Delay = TimeSpan.FromMilliseconds(20);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxRetries = 3;
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        return options;
    }

    /// <summary>The secret part of a connection string (to check that it never leaks).</summary>
    public static string SecretOf(string connectionString) =>
        connectionString.Split(';').Single(p => p.StartsWith("Secret=", StringComparison.Ordinal))["Secret=".Length..];

    public static string FlagJson(string id, bool enabled) => $$"""{"id":"{{id}}","enabled":{{(enabled ? "true" : "false")}}}""";

    public static ConfigurationSetting FlagSetting(string id, bool enabled, string? label = null) =>
        new(".appconfig.featureflag/" + id, FlagJson(id, enabled), label) { ContentType = "application/vnd.microsoft.appconfig.ff+json;charset=utf-8" };
}
