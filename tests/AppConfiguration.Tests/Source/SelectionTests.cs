using OpenFeatureAppConfig.Emulator;

namespace OpenFeatureAppConfig.AppConfiguration.Tests.Source;

/// <summary>The default selection downloads each key once: flag keys are not listed again as key-values.</summary>
public class SelectionTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private AppConfigurationEmulator _emulator = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _emulator = await TestStore.StartAsync();
        // 150 key-values and 120 flags: 270 keys, 3 pages of every key.
        for (var i = 0; i < 150; i++)
        {
            await _emulator.SetKeyValueAsync($"App:Key{i:D3}", "v" + i);
        }

        for (var i = 0; i < 120; i++)
        {
            await _emulator.SetFeatureFlagAsync(TestStore.FlagJson($"Flag{i:D3}", i % 2 == 0));
        }

        _emulator.Requests.Clear();
    }

    [TearDown]
    public async Task StopAsync() => await _emulator.DisposeAsync();

    [Test]
    public void Default_selection_downloads_every_key_once_and_an_idle_refresh_is_one_304_per_page()
    {
        var harness = SourceHarness.Build(_emulator.ConnectionString, o => o
            .ConfigureRefresh(r => r.RegisterAll().SetRefreshInterval(Interval))
            .UseFeatureFlags(ff => ff.SetRefreshInterval(Interval)));
        var load = _emulator.Requests.Snapshot();
        _emulator.Requests.Clear();
        harness.AdvancePast(Interval);
        Assert.That(harness.Refresher.TryRefreshAsync().Result, Is.True);
        var idle = _emulator.Requests.Snapshot();
        TestContext.Out.WriteLine($"load: {load.Count} requests, {load.Sum(r => r.ResponseBodyBytes)} body bytes; idle refresh: {idle.Count} requests, {idle.Sum(r => r.ResponseBodyBytes)} body bytes");

        Assert.Multiple(() =>
        {
            Assert.That(harness.Flags(), Has.Count.EqualTo(120), "every flag loaded");
            Assert.That(harness.Root["App:Key149"], Is.EqualTo("v149"));
            Assert.That(load, Has.Count.EqualTo(3), "the 3 pages of every key, and no flag pages besides");
            Assert.That(load, Has.None.Matches<LoggedRequest>(r => r.PathAndQuery.Contains("featureflag", StringComparison.OrdinalIgnoreCase)));
            Assert.That(idle, Has.Count.EqualTo(3), "one conditional request per page");
            Assert.That(idle.Select(r => r.StatusCode), Is.All.EqualTo(304));
            Assert.That(idle.Sum(r => r.ResponseBodyBytes), Is.Zero);
        });
    }
}
