using OpenFeatureAppConfig.Emulator;

namespace OpenFeatureAppConfig.AppConfiguration.Tests.Source;

/// <summary>
/// With the default selection (every key, flags routed out of its pages) and different key-value and flag refresh
/// intervals, each page is checked at most once per the shortest interval of what it can hold, and no less often.
/// </summary>
public class PageScheduleTests
{
    // 250 flags sort before 150 key-values ('.' < 'A'): page 1 flags (and whatever key-value sorts before them),
    // page 2 flags only, page 3 flags and key-values, page 4 key-values only.
    private static readonly PageHolds[] Pages = [PageHolds.Both, PageHolds.FlagsOnly, PageHolds.Both, PageHolds.KeyValuesOnly];
    private AppConfigurationEmulator _emulator = null!;

    private enum PageHolds
    {
        Both,
        FlagsOnly,
        KeyValuesOnly,
    }

    [SetUp]
    public async Task StartAsync()
    {
        _emulator = await TestStore.StartAsync();
        await TestStore.SeedAsync(_emulator, keyValues: 150, flags: 250);
        _emulator.Requests.Clear();
    }

    [TearDown]
    public async Task StopAsync() => await _emulator.DisposeAsync();

    [Test]
    public void With_a_shorter_key_value_interval_a_page_of_flags_only_is_checked_at_the_flag_interval()
    {
        var pages = Run(keyValues: TimeSpan.FromSeconds(1), flags: TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(10));

        AssertEachPageCheckedOncePerItsInterval(pages, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(10));
    }

    [Test]
    public void With_a_shorter_flag_interval_the_flags_still_come_out_of_the_key_value_pages()
    {
        var pages = Run(keyValues: TimeSpan.FromSeconds(5), flags: TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(10));

        AssertEachPageCheckedOncePerItsInterval(pages, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(10));
    }

    [Test]
    public void With_close_intervals_a_page_read_for_either_schedule_counts_as_checked_for_both()
    {
        // Jitter makes the flag schedule come first about one time in eight; 40 intervals see it almost surely.
        var pages = Run(keyValues: TimeSpan.FromSeconds(10), flags: TimeSpan.FromSeconds(10.5), TimeSpan.FromSeconds(400), TimeSpan.FromMilliseconds(20));

        AssertEachPageCheckedOncePerItsInterval(pages, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10.5), TimeSpan.FromMilliseconds(20));
    }

    [Test]
    public async Task Changes_are_seen_on_the_schedule_of_their_page_and_shifted_pages_are_read_again()
    {
        var keyValues = TimeSpan.FromSeconds(1);
        var flags = TimeSpan.FromSeconds(5);
        var harness = Build(keyValues, flags);

        // Flag150 is on the page of flags only; App:Key100 on the page of key-values only.
        await _emulator.SetFeatureFlagAsync(TestStore.FlagJson("Flag150", enabled: false));
        await _emulator.SetKeyValueAsync("App:Key100", "changed");
        harness.AdvancePast(keyValues);
        Assert.That(await harness.Refresher.TryRefreshAsync(), Is.True);
        var afterKeyValueInterval = (Flag: harness.Flags()["Flag150"], Value: harness.Root["App:Key100"]);
        harness.AdvancePast(flags);
        Assert.That(await harness.Refresher.TryRefreshAsync(), Is.True);
        var afterFlagInterval = harness.Flags()["Flag150"];

        // A key written before the flags moves every page boundary after it: the pages that follow are new links.
        await _emulator.SetKeyValueAsync("#First", "1");
        await _emulator.SetFeatureFlagAsync(TestStore.FlagJson("Flag151", enabled: true));
        harness.AdvancePast(keyValues);
        Assert.That(await harness.Refresher.TryRefreshAsync(), Is.True);

        Assert.Multiple(() =>
        {
            Assert.That(afterKeyValueInterval, Is.EqualTo((Flag: "True", Value: "changed")), "the flag waits for its page's interval; the key-value does not");
            Assert.That(afterFlagInterval, Is.EqualTo("False"));
            Assert.That(harness.Root["#First"], Is.EqualTo("1"));
            Assert.That(harness.Flags(), Has.Count.EqualTo(250), "no flag lost or doubled across the shifted pages");
            Assert.That(harness.Flags()["Flag151"], Is.EqualTo("True"), "a shifted page is read in full");
            Assert.That(harness.Root["App:Key149"], Is.EqualTo("v149"));
        });
    }

    private SourceHarness Build(TimeSpan keyValues, TimeSpan flags)
    {
        var harness = SourceHarness.Build(_emulator.ConnectionString, o => o
            .ConfigureRefresh(r => r.RegisterAll().SetRefreshInterval(keyValues))
            .UseFeatureFlags(ff => ff.SetRefreshInterval(flags))
            // The load is part of what is measured: a busy machine must not turn it into a first refresh.
            .ConfigureStartupOptions(s => s.Timeout = TimeSpan.FromSeconds(30)));
        Assert.That(harness.Refresher.Status.State, Is.EqualTo(AppConfigurationSourceState.Loaded), "loaded at startup");
        return harness;
    }

    /// <summary>
    /// Loads, then steps the fake clock finely (as the hosting loop wakes at each due time) and refreshes at each
    /// step; answers, per page in store order, the clock offsets at which it was asked for after the load.
    /// </summary>
    private List<List<TimeSpan>> Run(TimeSpan keyValues, TimeSpan flags, TimeSpan duration, TimeSpan step)
    {
        var harness = Build(keyValues, flags);
        var load = _emulator.Requests.Snapshot();
        Assert.That(harness.Flags(), Has.Count.EqualTo(250));
        var loadPaths = load.Select(r => r.PathAndQuery).ToList();
        Assert.That(loadPaths, Is.Unique.And.Count.EqualTo(Pages.Length), "the load reads the 4 pages of every key, and no flag listing besides");

        var pages = load.Select(_ => new List<TimeSpan>()).ToList();
        var seen = load.Count;
        for (var elapsed = step; elapsed <= duration; elapsed += step)
        {
            harness.Clock.Advance(step);
            Assert.That(harness.Refresher.TryRefreshAsync().Result, Is.True);
            if (_emulator.Requests.Count == seen)
            {
                continue;
            }

            var requests = _emulator.Requests.Snapshot();
            foreach (var request in requests.Skip(seen))
            {
                var page = loadPaths.IndexOf(request.PathAndQuery);
                Assert.That(page, Is.Not.Negative, $"only the pages of the load are asked for: {request.PathAndQuery}");
                Assert.That(request.StatusCode, Is.EqualTo(304), "nothing changed");
                pages[page].Add(elapsed);
            }

            seen = requests.Count;
        }

        for (var i = 0; i < pages.Count; i++)
        {
            TestContext.Out.WriteLine($"page {i + 1} ({Pages[i]}): {pages[i].Count} checks at {string.Join(", ", pages[i].Select(t => t.TotalSeconds.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))}");
        }

        return pages;
    }

    private static void AssertEachPageCheckedOncePerItsInterval(List<List<TimeSpan>> pages, TimeSpan keyValues, TimeSpan flags, TimeSpan step)
    {
        Assert.Multiple(() =>
        {
            for (var i = 0; i < pages.Count; i++)
            {
                var interval = Pages[i] switch
                {
                    PageHolds.FlagsOnly => flags,
                    PageHolds.KeyValuesOnly => keyValues,
                    _ => keyValues < flags ? keyValues : flags,
                };
                var checks = pages[i].Prepend(TimeSpan.Zero).ToList();
                var gaps = checks.Zip(checks.Skip(1), (a, b) => b - a).ToList();
                Assert.That(gaps, Is.Not.Empty, $"page {i + 1} is checked");
                Assert.That(gaps, Is.All.GreaterThanOrEqualTo(interval), $"page {i + 1} ({Pages[i]}) at most once per {interval.TotalSeconds} s");
                // An interval plus up to 10 % jitter, plus the step at which the clock moves.
                Assert.That(gaps, Is.All.LessThanOrEqualTo(interval + (interval / 10) + step + step), $"page {i + 1} ({Pages[i]}) at least once per {interval.TotalSeconds} s and its jitter");
            }
        });
    }
}
