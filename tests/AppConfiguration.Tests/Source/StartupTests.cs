using Microsoft.Extensions.Configuration;
using OpenFeatureAppConfig.AppConfiguration;
using OpenFeatureAppConfig.Emulator;

namespace OpenFeatureAppConfig.AppConfiguration.Tests.Source;

public class StartupTests
{
    private AppConfigurationEmulator _emulator = null!;
    private string _folder = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _emulator = await TestStore.StartAsync();
        _folder = Directory.CreateTempSubdirectory("appconfig-startup-").FullName;
        await _emulator.SetKeyValueAsync("App:Color", "blue");
        await _emulator.SetFeatureFlagAsync(TestStore.FlagJson("Beta", true));
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _emulator.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task With_the_store_down_the_app_starts_after_the_timeout_and_loads_once_the_store_is_back()
    {
        _emulator.Faults.Outage = true;

        var harness = SourceHarness.Build(_emulator.ConnectionString, o => o
            .Select("App:*").TrimKeyPrefix("App:").UseFeatureFlags(ff => ff.SetRefreshInterval(TimeSpan.FromSeconds(5)))
            .ConfigureStartupOptions(s => s.Timeout = TimeSpan.FromSeconds(1)));
        var down = harness.Refresher.Status;

        _emulator.Faults.Outage = false;
        harness.Clock.Advance(TimeSpan.FromSeconds(6));
        await harness.Refresher.RefreshAsync();

        Assert.Multiple(() =>
        {
            Assert.That(down.State, Is.EqualTo(AppConfigurationSourceState.NotLoaded));
            Assert.That(down.LastError, Does.Contain("startup timeout"));
            Assert.That(harness.Root["Color"], Is.EqualTo("blue"));
            Assert.That(harness.Flags()["Beta"], Is.EqualTo("True"));
            Assert.That(harness.Refresher.Status.State, Is.EqualTo(AppConfigurationSourceState.Loaded));
            Assert.That(harness.Reloads, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Unreachable_endpoint_does_not_stop_startup()
    {
        string deadConnectionString;
        await using (var dead = await TestStore.StartAsync())
        {
            deadConnectionString = dead.ConnectionString;
        }

        var harness = SourceHarness.Build(deadConnectionString, o => o.ConfigureStartupOptions(s => s.Timeout = TimeSpan.FromSeconds(1)));

        Assert.That(harness.Refresher.Status.State, Is.EqualTo(AppConfigurationSourceState.NotLoaded));
        Assert.That(harness.Refresher.Status.ConsecutiveFailures, Is.EqualTo(1));
    }

    [Test]
    public void Fail_fast_stops_startup()
    {
        _emulator.Faults.Outage = true;

        Assert.That(
            () => new ConfigurationBuilder().AddAzureAppConfiguration(o => o
                .Connect(_emulator.ConnectionString)
                .ConfigureClientOptions(c => TestStore.FastRetries(c))
                .ConfigureStartupOptions(s => { s.Timeout = TimeSpan.FromSeconds(1); s.FailFast = true; })).Build(),
            Throws.InstanceOf<TimeoutException>());
    }

    [Test]
    public async Task Last_known_good_file_is_written_used_when_the_store_is_down_and_refreshed_after_recovery()
    {
        var file = Path.Combine(_folder, "lkg", "appconfig.json");
        var first = SourceHarness.Build(_emulator.ConnectionString, o => o
            .Select("App:*").TrimKeyPrefix("App:").UseFeatureFlags().UseLastKnownGoodFile(file));
        Assert.That(File.Exists(file), Is.True);
        Assert.That(first.Root["Color"], Is.EqualTo("blue"));

        _emulator.Faults.Outage = true;
        await _emulator.SetKeyValueAsync("App:Color", "green");
        var second = SourceHarness.Build(_emulator.ConnectionString, o => o
            .Select("App:*").TrimKeyPrefix("App:").UseFeatureFlags(ff => ff.SetRefreshInterval(TimeSpan.FromSeconds(5))).UseLastKnownGoodFile(file)
            .ConfigureStartupOptions(s => s.Timeout = TimeSpan.FromSeconds(1)));
        var whileDown = second.Refresher.Status;
        var colorWhileDown = second.Root["Color"];
        var flagsWhileDown = second.Flags();

        _emulator.Faults.Outage = false;
        second.Clock.Advance(TimeSpan.FromSeconds(6));
        await second.Refresher.RefreshAsync();

        Assert.Multiple(() =>
        {
            Assert.That(colorWhileDown, Is.EqualTo("blue"));
            Assert.That(flagsWhileDown["Beta"], Is.EqualTo("True"));
            Assert.That(whileDown.State, Is.EqualTo(AppConfigurationSourceState.Stale));
            Assert.That(whileDown.FromLastKnownGoodFile, Is.True);
            Assert.That(whileDown.StaleSince, Is.Not.Null);
            Assert.That(second.Root["Color"], Is.EqualTo("green"));
            Assert.That(second.Refresher.Status.FromLastKnownGoodFile, Is.False);
            Assert.That(File.ReadAllText(file), Does.Contain("green"));
            Assert.That(Directory.GetFiles(Path.GetDirectoryName(file)!), Has.Length.EqualTo(1), "no temporary files left");
        });
    }

    [Test]
    public async Task No_secret_appears_in_any_log_line_or_status()
    {
        var secret = TestStore.SecretOf(_emulator.ConnectionString);
        _emulator.Faults.Outage = true;
        var harness = SourceHarness.Build(_emulator.ConnectionString, o => o
            .UseFeatureFlags(ff => ff.SetRefreshInterval(TimeSpan.FromSeconds(1)))
            .ConfigureStartupOptions(s => s.Timeout = TimeSpan.FromMilliseconds(500)));
        _emulator.Faults.Outage = false;
        _emulator.Faults.ThrottleRate = 1;
        harness.Clock.Advance(TimeSpan.FromSeconds(2));
        await harness.Refresher.TryRefreshAsync();

        Assert.That(harness.Logger.Lines, Is.Not.Empty);
        Assert.That(harness.Logger.Lines, Has.None.Contains(secret));
        Assert.That(harness.Refresher.Status.LastError, Does.Not.Contain(secret));
        Assert.That(harness.Refresher.ToString(), Does.Not.Contain(secret));
    }
}
