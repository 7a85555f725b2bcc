using Azure.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenFeatureAppConfig.AppConfiguration;
using OpenFeatureAppConfig.Emulator;

namespace OpenFeatureAppConfig.AppConfiguration.Tests.Source;

public class ConfigurationSourceTests
{
    private AppConfigurationEmulator _emulator = null!;

    [SetUp]
    public async Task StartAsync() => _emulator = await TestStore.StartAsync();

    [TearDown]
    public async Task StopAsync() => await _emulator.DisposeAsync();

    [Test]
    public async Task Loads_selected_key_values_with_the_prefix_trimmed_and_flags_in_the_feature_management_layout()
    {
        await _emulator.SetKeyValueAsync("App:Color", "blue");
        await _emulator.SetKeyValueAsync("App:Size", "L", label: "prod");
        await _emulator.SetKeyValueAsync("Other:Thing", "x");
        await _emulator.SetFeatureFlagAsync("""{"id":"Beta","enabled":true,"conditions":{"client_filters":[{"name":"Microsoft.Percentage","parameters":{"Value":50}}]}}""");
        await _emulator.SetFeatureFlagAsync(TestStore.FlagJson("Gamma", false));

        var harness = SourceHarness.Build(_emulator.ConnectionString, o => o.Select("App:*").TrimKeyPrefix("App:").UseFeatureFlags());

        var root = harness.Root;
        Assert.Multiple(() =>
        {
            Assert.That(root["Color"], Is.EqualTo("blue"));
            Assert.That(root["Size"], Is.Null, "labelled values are not selected by default");
            Assert.That(root["Other:Thing"], Is.Null);
            Assert.That(harness.Flags(), Is.EquivalentTo(new Dictionary<string, string?> { ["Beta"] = "True", ["Gamma"] = "False" }));
            var beta = root.GetSection("feature_management:feature_flags").GetChildren().Single(f => f["id"] == "Beta");
            Assert.That(beta["conditions:client_filters:0:name"], Is.EqualTo("Microsoft.Percentage"));
            Assert.That(beta["conditions:client_filters:0:parameters:Value"], Is.EqualTo("50"));
            Assert.That(harness.Refresher.Status.State, Is.EqualTo(AppConfigurationSourceState.Loaded));
        });
    }

    [Test]
    public async Task Later_select_wins_for_the_same_key_and_flag()
    {
        await _emulator.SetKeyValueAsync("App:Color", "blue");
        await _emulator.SetKeyValueAsync("App:Color", "red", label: "prod");
        await _emulator.SetKeyValueAsync("App:Size", "M", label: "prod");
        await _emulator.SetFeatureFlagAsync(TestStore.FlagJson("Beta", false));
        await _emulator.SetFeatureFlagAsync(TestStore.FlagJson("Beta", true), label: "prod");

        var prodLast = SourceHarness.Build(_emulator.ConnectionString, o => o
            .Select("App:*").Select("App:*", "prod").TrimKeyPrefix("App:")
            .UseFeatureFlags(ff => ff.Select("*").Select("*", "prod")));
        var prodFirst = SourceHarness.Build(_emulator.ConnectionString, o => o
            .Select("App:*", "prod").Select("App:*").TrimKeyPrefix("App:")
            .UseFeatureFlags(ff => ff.Select("*", "prod").Select("*")));

        Assert.Multiple(() =>
        {
            Assert.That(prodLast.Root["Color"], Is.EqualTo("red"));
            Assert.That(prodLast.Root["Size"], Is.EqualTo("M"));
            Assert.That(prodLast.Flags(), Is.EquivalentTo(new Dictionary<string, string?> { ["Beta"] = "True" }));
            Assert.That(prodFirst.Root["Color"], Is.EqualTo("blue"));
            Assert.That(prodFirst.Flags(), Is.EquivalentTo(new Dictionary<string, string?> { ["Beta"] = "False" }));
        });
    }

    [Test]
    public async Task Malformed_flag_is_skipped_with_a_warning_naming_its_key()
    {
        await _emulator.SetFeatureFlagAsync(TestStore.FlagJson("Good", true));
        // The emulator refuses malformed values with the flag content type (see notes/emulator-bugs.md); a flag key
        // without it is still a flag to the source, as to Microsoft's provider.
        await _emulator.SetKeyValueAsync(".appconfig.featureflag/Broken", "{\"id\":\"Broken\",\"enabled\":\"sometimes\"}");

        var harness = SourceHarness.Build(_emulator.ConnectionString, o => o.UseFeatureFlags());

        Assert.That(harness.Flags(), Is.EquivalentTo(new Dictionary<string, string?> { ["Good"] = "True" }));
        Assert.That(harness.Logger.Lines, Has.Some.Contains(".appconfig.featureflag/Broken").And.Contains("Warning"));
    }

    [Test]
    public async Task Refreshers_are_found_through_dependency_injection()
    {
        await _emulator.SetKeyValueAsync("K", "v");
        var harness = SourceHarness.Build(_emulator.ConnectionString, _ => { });
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(harness.Root)
            .AddAzureAppConfiguration()
            .BuildServiceProvider();

        var refreshers = services.GetRequiredService<IConfigurationRefresherProvider>().Refreshers.ToList();

        Assert.That(refreshers, Has.Count.EqualTo(1));
        Assert.That(refreshers[0].AppConfigurationEndpoint, Is.EqualTo(_emulator.Endpoint));
        Assert.That(harness.Root["K"], Is.EqualTo("v"));
    }

    [Test]
    public async Task Loads_from_a_replica_when_the_primary_is_down()
    {
        await using var replica = await TestStore.StartAsync();
        await replica.SetKeyValueAsync("K", "from replica");
        _emulator.Faults.Outage = true;

        var root = new ConfigurationBuilder()
            .AddAzureAppConfiguration(o => o
                .Connect([_emulator.ConnectionString, replica.ConnectionString])
                .ConfigureClientOptions(c => TestStore.FastRetries(c).Retry.MaxRetries = 0))
            .Build();

        Assert.That(root["K"], Is.EqualTo("from replica"));
    }

    [Test]
    public async Task Connects_with_an_endpoint_and_a_token_credential()
    {
        await using var emulator = await TestStore.StartAsync(new AppConfigurationEmulatorOptions { AcceptTestTokens = true });
        await emulator.SetKeyValueAsync("K", "with a token");
        var credential = DelegatedTokenCredential.Create((_, _) => new Azure.Core.AccessToken(emulator.IssueTestToken(), DateTimeOffset.UtcNow.AddHours(1)));

        var root = new ConfigurationBuilder()
            .AddAzureAppConfiguration(o => o.Connect(emulator.Endpoint, credential).ConfigureClientOptions(c => TestStore.FastRetries(c)))
            .Build();

        Assert.That(root["K"], Is.EqualTo("with a token"));
    }

    [Test]
    public void Refresh_interval_below_one_second_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AzureAppConfigurationOptions().UseFeatureFlags(ff => ff.SetRefreshInterval(TimeSpan.FromMilliseconds(999))));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AzureAppConfigurationOptions().ConfigureRefresh(r => r.SetRefreshInterval(TimeSpan.Zero)));
    }

    [Test]
    public void Malformed_connection_string_fails_at_Connect_without_the_secret()
    {
        var e = Assert.Throws<ArgumentException>(() => new AzureAppConfigurationOptions().Connect("Endpoint=http://127.0.0.1:1;Secret=c2VjcmV0"))!;

        Assert.That(e.Message, Does.Contain("no Id").And.Not.Contain("c2VjcmV0"));
    }
}
