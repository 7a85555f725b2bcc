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
        await TestStore.SeedAsync(_emulator, keyValues: 150, flags: 120);
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

    [Test]
    public void With_equal_intervals_every_page_is_read_once_per_interval()
    {
        // The hosting loop wakes at each due time; stepping the clock finely finds every refresh it would make.
        var interval = TimeSpan.FromSeconds(1);
        var step = TimeSpan.FromMilliseconds(10);
        const int Intervals = 30;
        var harness = SourceHarness.Build(_emulator.ConnectionString, o => o
            .ConfigureRefresh(r => r.RegisterAll().SetRefreshInterval(interval))
            .UseFeatureFlags(ff => ff.SetRefreshInterval(interval)));
        _emulator.Requests.Clear();
        var rounds = new List<int>();
        for (var elapsed = TimeSpan.Zero; elapsed < interval * Intervals; elapsed += step)
        {
            harness.Clock.Advance(step);
            var before = _emulator.Requests.Snapshot().Count;
            Assert.That(harness.Refresher.TryRefreshAsync().Result, Is.True);
            var made = _emulator.Requests.Snapshot().Count - before;
            if (made > 0)
            {
                rounds.Add(made);
            }
        }

        var total = _emulator.Requests.Snapshot();
        TestContext.Out.WriteLine($"{rounds.Count} refreshes in {Intervals} intervals, {total.Count} requests");
        Assert.Multiple(() =>
        {
            Assert.That(rounds, Is.All.EqualTo(3), "each refresh reads each of the 3 pages once");
            // An interval plus up to 10 % jitter each: between 27 and 30 refreshes in 30 intervals, never two in one.
            Assert.That(rounds, Has.Count.InRange(Intervals * 10 / 11, Intervals), "one refresh per interval");
            Assert.That(total.Select(r => r.StatusCode), Is.All.EqualTo(304));
        });
    }
}
