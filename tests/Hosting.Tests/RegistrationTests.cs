using Microsoft.Extensions.DependencyInjection;
using Microsoft.FeatureManagement;
using OpenFeature;
using OpenFeatureAppConfig.Emulator;
using OpenFeatureAppConfig.Hosting.Tests.Support;

namespace OpenFeatureAppConfig.Hosting.Tests;

/// <summary>Switching between the emulator, local JSON and Azure (token credential) is a configuration change.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class RegistrationTests
{
    [Test]
    public async Task Connection_string_with_access_key_loads_flags_for_the_injected_client_and_the_feature_manager()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        await emulator.SetFeatureFlagAsync(Flags.Boolean("Beta", true));
        await emulator.SetFeatureFlagAsync(Flags.Boolean("Old", false));

        await using var app = await TestApp.StartAsync(new Dictionary<string, string?> { ["ConnectionStrings:AppConfig"] = emulator.ConnectionString });

        var client = app.Services.GetRequiredService<IFeatureClient>();
        Assert.That(await client.GetBooleanValueAsync("Beta", false), Is.True);
        Assert.That(await client.GetBooleanValueAsync("Old", true), Is.False);
        var manager = app.Services.GetRequiredService<IFeatureManager>();
        Assert.That(await manager.IsEnabledAsync("Beta"), Is.True);
        var details = await client.GetBooleanDetailsAsync("Missing", true);
        Assert.That(details.ErrorType, Is.EqualTo(OpenFeature.Constant.ErrorType.FlagNotFound));
    }

    [Test]
    public async Task Endpoint_only_connection_string_uses_the_token_credential()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync(new AppConfigurationEmulatorOptions { AcceptTestTokens = true });
        await emulator.SetFeatureFlagAsync(Flags.Boolean("Beta", true));
        var credential = new StaticTokenCredential(emulator.IssueTestToken());

        await using var app = await TestApp.StartAsync(
            new Dictionary<string, string?> { ["ConnectionStrings:AppConfig"] = $"Endpoint={emulator.Endpoint}" },
            configureFlags: o => o.Credential = credential);

        Assert.That(await app.Services.GetRequiredService<IFeatureClient>().GetBooleanValueAsync("Beta", false), Is.True);
        Assert.That(credential.Requests, Is.GreaterThan(0));
    }

    [Test]
    public async Task Endpoint_in_a_named_section_uses_the_token_credential()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync(new AppConfigurationEmulatorOptions { AcceptTestTokens = true });
        await emulator.SetFeatureFlagAsync(Flags.Boolean("Beta", true));
        await emulator.SetFeatureFlagAsync(Flags.Boolean("Beta", false), label: "prod");
        var credential = new StaticTokenCredential(emulator.IssueTestToken());

        await using var app = await TestApp.StartAsync(
            new Dictionary<string, string?>
            {
                ["FeatureFlags:Endpoint"] = emulator.Endpoint.ToString(),
                ["FeatureFlags:Label"] = "prod",
            },
            configureFlags: o => o.Credential = credential);

        // The labelled flag wins over the unlabelled one.
        Assert.That(await app.Services.GetRequiredService<IFeatureClient>().GetBooleanValueAsync("Beta", true), Is.False);
    }

    [Test]
    public async Task Local_json_file_is_a_configuration_change_too()
    {
        await using var app = await TestApp.StartAsync(
            new Dictionary<string, string?> { ["FeatureFlags:File"] = "flags.json" },
            prepareContentRoot: root => File.WriteAllText(Path.Combine(root, "flags.json"),
                """{"feature_management":{"feature_flags":[{"id":"Beta","enabled":true}]}}"""));

        Assert.That(await app.Services.GetRequiredService<IFeatureClient>().GetBooleanValueAsync("Beta", false), Is.True);
    }

    [Test]
    public async Task Local_json_file_changes_are_picked_up_without_a_restart()
    {
        string? file = null;
        await using var app = await TestApp.StartAsync(
            new Dictionary<string, string?> { ["FeatureFlags:File"] = "flags.json" },
            prepareContentRoot: root =>
            {
                file = Path.Combine(root, "flags.json");
                File.WriteAllText(file, """{"feature_management":{"feature_flags":[{"id":"Beta","enabled":false}]}}""");
            });
        var client = app.Services.GetRequiredService<IFeatureClient>();
        Assert.That(await client.GetBooleanValueAsync("Beta", true), Is.False);

        await File.WriteAllTextAsync(file!, """{"feature_management":{"feature_flags":[{"id":"Beta","enabled":true}]}}""");
        Assert.That(await Eventually.TrueAsync(() => client.GetBooleanValueAsync("Beta", false)), Is.True);
    }

    [Test]
    public async Task Store_values_sit_above_appsettings_and_below_environment_overrides()
    {
        // A section name of this test's own: environment variables are process-wide.
        var section = "Layering" + Guid.NewGuid().ToString("N")[..8];
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        await emulator.SetKeyValueAsync($"{section}:Colour", "from-store");
        await emulator.SetKeyValueAsync($"{section}:Size", "from-store");
        await emulator.SetKeyValueAsync($"{section}:Weight", "from-store");
        Environment.SetEnvironmentVariable($"{section}__Size", "from-environment");
        try
        {
            await using var app = await TestApp.StartAsync(
                new Dictionary<string, string?>
                {
                    ["ConnectionStrings:AppConfig"] = emulator.ConnectionString,
                    [$"{section}:Weight"] = "from-code",
                },
                prepareContentRoot: root => File.WriteAllText(Path.Combine(root, "appsettings.json"),
                    $$$"""{"{{{section}}}":{"Colour":"from-appsettings","Shape":"from-appsettings","Size":"from-appsettings"}}"""));

            var configuration = app.App.Configuration;
            Assert.That(configuration[$"{section}:Colour"], Is.EqualTo("from-store"), "the store wins over appsettings.json");
            Assert.That(configuration[$"{section}:Shape"], Is.EqualTo("from-appsettings"));
            Assert.That(configuration[$"{section}:Size"], Is.EqualTo("from-environment"), "environment variables win over the store");
            Assert.That(configuration[$"{section}:Weight"], Is.EqualTo("from-code"), "sources added later win");
        }
        finally
        {
            Environment.SetEnvironmentVariable($"{section}__Size", null);
        }
    }

    [Test]
    public void Two_stores_configured_is_a_clear_error()
    {
        var error = Assert.ThrowsAsync<InvalidOperationException>(() => TestApp.StartAsync(new Dictionary<string, string?>
        {
            ["FeatureFlags:File"] = "flags.json",
            ["ConnectionStrings:AppConfig"] = "Endpoint=https://x.azconfig.io",
        }));
        Assert.That(error!.Message, Does.Contain("FeatureFlags:File").And.Contain("ConnectionStrings:AppConfig"));
    }

    [Test]
    public void Malformed_connection_string_names_the_setting_but_not_the_secret()
    {
        var error = Assert.ThrowsAsync<InvalidOperationException>(() => TestApp.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:AppConfig"] = "Endpoint=http://127.0.0.1:1;Id=abc;Secret=not*base64*secret",
        }));
        Assert.That(error!.Message, Does.Contain("ConnectionStrings:AppConfig"));
        Assert.That(error.Message, Does.Not.Contain("not*base64*secret"));
    }

    [Test]
    public void Missing_flag_file_names_the_file()
    {
        var error = Assert.ThrowsAsync<FileNotFoundException>(() => TestApp.StartAsync(new Dictionary<string, string?> { ["FeatureFlags:File"] = "nope.json" }));
        Assert.That(error!.Message, Does.Contain("FeatureFlags:File").And.Contain("nope.json"));
    }

    [Test]
    public void Refresh_interval_below_one_second_is_refused()
    {
        var error = Assert.ThrowsAsync<InvalidOperationException>(() => TestApp.StartAsync(new Dictionary<string, string?> { ["FeatureFlags:RefreshInterval"] = "00:00:00.5" }));
        Assert.That(error!.Message, Does.Contain("FeatureFlags:RefreshInterval"));
    }
}
