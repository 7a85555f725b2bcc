using OpenFeatureAppConfig.AppConfiguration;
using OpenFeatureAppConfig.Emulator;

namespace OpenFeatureAppConfig.AppConfiguration.Tests.Source;

public class RefreshTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private AppConfigurationEmulator _emulator = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _emulator = await TestStore.StartAsync();
        // 250 key-values (3 pages) and 120 flags (2 pages).
        for (var i = 0; i < 250; i++)
        {
            await _emulator.SetKeyValueAsync($"App:Key{i:D3}", "v" + i);
        }

        for (var i = 0; i < 120; i++)
        {
            await _emulator.SetFeatureFlagAsync(TestStore.FlagJson($"Flag{i:D3}", false));
        }
    }

    [TearDown]
    public async Task StopAsync() => await _emulator.DisposeAsync();

    [Test]
    public void Steady_state_is_one_conditional_request_per_page_with_no_bodies_and_no_reload()
    {
        var harness = BuildWatchingAll();
        _emulator.Requests.Clear();

        for (var round = 0; round < 3; round++)
        {
            harness.AdvancePast(Interval);
            Assert.That(harness.Refresher.TryRefreshAsync().Result, Is.True);
        }

        var requests = _emulator.Requests.Snapshot();
        Assert.Multiple(() =>
        {
            Assert.That(requests, Has.Count.EqualTo(3 * (3 + 2)), "3 key-value pages + 2 flag pages per interval");
            Assert.That(requests.Select(r => r.StatusCode), Is.All.EqualTo(304));
            Assert.That(requests.Sum(r => r.ResponseBodyBytes), Is.Zero);
            Assert.That(requests, Is.All.Matches<LoggedRequest>(r => r.RequestHeaders.ContainsKey("If-None-Match")));
            Assert.That(harness.Reloads, Is.Zero);
        });
    }

    [Test]
    public async Task Nothing_is_requested_before_the_interval_has_passed()
    {
        var harness = BuildWatchingAll();
        _emulator.Requests.Clear();

        harness.Clock.Advance(Interval - TimeSpan.FromMilliseconds(10));
        await harness.Refresher.RefreshAsync();

        Assert.That(_emulator.Requests.Count, Is.Zero);
    }

    [Test]
    public async Task Toggled_flag_is_visible_after_one_interval_and_the_reload_token_fires_once()
    {
        var harness = BuildWatchingAll();
        var client = new AppConfigurationClient(_emulator.ConnectionString);
        await client.SetConfigurationSettingAsync(TestStore.FlagSetting("Flag042", true));

        Assert.That(harness.Flags()["Flag042"], Is.EqualTo("False"), "not before the interval");
        harness.AdvancePast(Interval);
        await harness.Refresher.RefreshAsync();
        var afterChange = harness.Flags()["Flag042"];
        var reloadsAfterChange = harness.Reloads;
        harness.AdvancePast(Interval);
        await harness.Refresher.RefreshAsync();

        Assert.That(afterChange, Is.EqualTo("True"));
        Assert.That(reloadsAfterChange, Is.EqualTo(1));
        Assert.That(harness.Reloads, Is.EqualTo(1), "a 304 round does not fire the token");
    }

    [Test]
    public async Task Rewriting_the_same_value_does_not_fire_the_reload_token()
    {
        var harness = BuildWatchingAll();
        await _emulator.SetKeyValueAsync("App:Key001", "v1");

        harness.AdvancePast(Interval);
        await harness.Refresher.RefreshAsync();

        Assert.That(harness.Reloads, Is.Zero, "the page's ETag changed but the data did not");
    }

    [Test]
    public async Task Key_value_change_is_picked_up_and_trimmed()
    {
        var harness = BuildWatchingAll();
        await _emulator.SetKeyValueAsync("App:Key249", "changed");
        await _emulator.SetKeyValueAsync("App:New", "added");

        harness.AdvancePast(Interval);
        await harness.Refresher.RefreshAsync();

        Assert.That(harness.Root["Key249"], Is.EqualTo("changed"));
        Assert.That(harness.Root["New"], Is.EqualTo("added"));
        Assert.That(harness.Reloads, Is.EqualTo(1));
    }

    [Test]
    public async Task Sentinel_key_triggers_the_reload()
    {
        await _emulator.SetKeyValueAsync("Sentinel", "1");
        var harness = SourceHarness.Build(_emulator.ConnectionString, o => o
            .Select("App:*").TrimKeyPrefix("App:")
            .ConfigureRefresh(r => r.Register("Sentinel", refreshAll: true).SetRefreshInterval(Interval)));
        await _emulator.SetKeyValueAsync("App:Key000", "changed");
        _emulator.Requests.Clear();

        harness.AdvancePast(Interval);
        await harness.Refresher.RefreshAsync();
        var beforeSentinel = harness.Root["Key000"];
        var requestsWithoutSentinelChange = _emulator.Requests.Count;
        await _emulator.SetKeyValueAsync("Sentinel", "2");
        harness.AdvancePast(Interval);
        await harness.Refresher.RefreshAsync();

        Assert.That(beforeSentinel, Is.EqualTo("v0"));
        Assert.That(requestsWithoutSentinelChange, Is.EqualTo(1), "only the sentinel is checked");
        Assert.That(harness.Root["Key000"], Is.EqualTo("changed"));
    }

    [Test]
    public async Task Push_notification_makes_the_next_refresh_happen_at_once()
    {
        var harness = BuildWatchingAll();
        await new AppConfigurationClient(_emulator.ConnectionString).SetConfigurationSettingAsync(TestStore.FlagSetting("Flag007", true));
        var waiting = harness.Refresher.WaitUntilRefreshDueAsync();
        Assert.That(waiting.IsCompleted, Is.False);

        harness.Refresher.ProcessPushNotification(new PushNotification { SyncToken = "abc=def;sn=1", EventType = "Microsoft.AppConfiguration.KeyValueModified" });
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        await harness.Refresher.RefreshAsync();

        Assert.That(harness.Flags()["Flag007"], Is.EqualTo("True"));
        Assert.That(_emulator.Requests.Snapshot()[^1].RequestHeaders["Sync-Token"], Does.Contain("abc=def"));
    }

    [Test]
    public async Task Outage_halfway_through_a_refresh_keeps_the_whole_previous_snapshot_then_recovers()
    {
        var harness = BuildWatchingAll();
        await _emulator.SetKeyValueAsync("App:Key000", "first page changed");
        await _emulator.SetKeyValueAsync("App:Key249", "last page changed");
        _emulator.Faults.FailWhen = r => r.IsNextPage;

        harness.AdvancePast(Interval);
        var refreshed = await harness.Refresher.TryRefreshAsync();
        var status = harness.Refresher.Status;

        Assert.Multiple(() =>
        {
            Assert.That(refreshed, Is.False);
            Assert.That(harness.Root["Key000"], Is.EqualTo("v0"), "the first page alone is never swapped in");
            Assert.That(harness.Root["Key249"], Is.EqualTo("v249"));
            Assert.That(harness.Reloads, Is.Zero);
            Assert.That(status.State, Is.EqualTo(AppConfigurationSourceState.Stale));
            Assert.That(status.StaleSince, Is.EqualTo(harness.Clock.GetUtcNow()));
            Assert.That(status.LastError, Does.Contain("503"));
            Assert.That(status.ConsecutiveFailures, Is.EqualTo(1));
        });

        _emulator.Faults.Reset();
        _emulator.Requests.Clear();
        await harness.Refresher.RefreshAsync();
        Assert.That(_emulator.Requests.Count, Is.Zero, "backing off: no request before the backoff ends");

        harness.Clock.Advance(TimeSpan.FromSeconds(6));
        await harness.Refresher.RefreshAsync();

        Assert.Multiple(() =>
        {
            Assert.That(harness.Root["Key000"], Is.EqualTo("first page changed"));
            Assert.That(harness.Root["Key249"], Is.EqualTo("last page changed"));
            Assert.That(harness.Reloads, Is.EqualTo(1));
            Assert.That(harness.Refresher.Status.State, Is.EqualTo(AppConfigurationSourceState.Loaded));
            Assert.That(harness.Refresher.Status.StaleSince, Is.Null);
        });
    }

    [TestCase("500")]
    [TestCase("429")]
    [TestCase("drop")]
    [TestCase("latency")]
    public async Task Transient_faults_are_absorbed_by_retries(string fault)
    {
        var harness = BuildWatchingAll();
        await _emulator.SetFeatureFlagAsync(TestStore.FlagJson("Flag100", true));
        var faulted = 0;
        _emulator.Faults.FailWhen = _ => Interlocked.Increment(ref faulted) <= 2;
        _emulator.Faults.ThrottleRetryAfter = TimeSpan.FromMilliseconds(50);
        switch (fault)
        {
            case "500": _emulator.Faults.ServerErrorRate = 1; break;
            case "429": _emulator.Faults.ThrottleRate = 1; break;
            case "drop": _emulator.Faults.DropConnectionRate = 1; break;
            default: _emulator.Faults.Latency = TimeSpan.FromMilliseconds(200); break;
        }

        harness.AdvancePast(Interval);
        await harness.Refresher.RefreshAsync();

        Assert.That(harness.Flags()["Flag100"], Is.EqualTo("True"));
        Assert.That(harness.Refresher.Status.State, Is.EqualTo(AppConfigurationSourceState.Loaded));
    }

    [Test]
    public async Task Backoff_doubles_up_to_twice_the_interval_and_a_recovered_store_is_seen_within_it()
    {
        var harness = BuildWatchingAll();
        _emulator.Faults.Outage = true;
        var attempts = new List<int>();

        harness.AdvancePast(Interval);
        for (var second = 0; second < 60; second++)
        {
            _emulator.Requests.Clear();
            await harness.Refresher.TryRefreshAsync();
            attempts.Add(_emulator.Requests.Count > 0 ? 1 : 0);
            harness.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        // First backoff is the interval (5 s, less up to 20 % jitter), then 10 s, and never more than 2 x 5 s.
        var attemptSeconds = attempts.Select((a, i) => (a, i)).Where(x => x.a == 1).Select(x => x.i).ToList();
        var gaps = attemptSeconds.Zip(attemptSeconds.Skip(1), (a, b) => b - a).ToList();
        Assert.That(gaps[0], Is.InRange(4, 6));
        Assert.That(gaps[1], Is.InRange(8, 11));
        Assert.That(gaps, Is.All.LessThanOrEqualTo(11));
        Assert.That(harness.Refresher.Status.ConsecutiveFailures, Is.EqualTo(attemptSeconds.Count));

        _emulator.Faults.Outage = false;
        var secondsToRecover = 0;
        while (harness.Refresher.Status.State != AppConfigurationSourceState.Loaded && secondsToRecover < 60)
        {
            await harness.Refresher.TryRefreshAsync();
            harness.Clock.Advance(TimeSpan.FromSeconds(1));
            secondsToRecover++;
        }

        Assert.That(secondsToRecover, Is.LessThanOrEqualTo(2 * Interval.TotalSeconds + 1));
    }

    [Test]
    public async Task Retry_after_is_honoured_between_refresh_attempts_even_by_a_push()
    {
        var harness = SourceHarness.Build(_emulator.ConnectionString, o => o
            .ConfigureClientOptions(c => c.Retry.MaxRetries = 0)
            .UseFeatureFlags(ff => ff.SetRefreshInterval(Interval)));
        _emulator.Faults.ThrottleRate = 1;
        _emulator.Faults.ThrottleRetryAfter = TimeSpan.FromSeconds(30);

        harness.AdvancePast(Interval);
        Assert.That(await harness.Refresher.TryRefreshAsync(), Is.False);
        _emulator.Faults.Reset();
        _emulator.Requests.Clear();
        for (var second = 1; second < 30; second++)
        {
            harness.Clock.Advance(TimeSpan.FromSeconds(1));
            harness.Refresher.ProcessPushNotification(new PushNotification { SyncToken = "abc=def;sn=1" });
            await harness.Refresher.TryRefreshAsync();
        }

        Assert.That(_emulator.Requests.Count, Is.Zero, "the store asked for 30 s");
        var due = harness.Refresher.WaitUntilRefreshDueAsync();
        Assert.That(due.IsCompleted, Is.False);
        harness.Clock.Advance(TimeSpan.FromSeconds(1.5));
        await due.WaitAsync(TimeSpan.FromSeconds(10));
        await harness.Refresher.TryRefreshAsync();

        Assert.That(_emulator.Requests.Count, Is.GreaterThan(0));
        Assert.That(harness.Refresher.Status.State, Is.EqualTo(AppConfigurationSourceState.Loaded));
    }

    [Test]
    public async Task A_flood_of_pushes_is_coalesced_into_one_refresh_in_flight_and_one_pending_per_second()
    {
        var harness = BuildWatchingAll();
        _emulator.Requests.Clear();

        // As the background loop does: refresh as soon as one is due.
        for (var i = 0; i < 100; i++)
        {
            harness.Refresher.ProcessPushNotification(new PushNotification { SyncToken = $"abc=def;sn={i}" });
            await harness.Refresher.TryRefreshAsync();
        }

        var duringFirstSecond = _emulator.Requests.Count;
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        await harness.Refresher.TryRefreshAsync();
        await harness.Refresher.TryRefreshAsync();
        var afterIt = _emulator.Requests.Count;

        // One refresh is 3 key-value pages and 2 flag pages.
        Assert.That(duringFirstSecond, Is.EqualTo(5), "one refresh for the whole flood");
        Assert.That(afterIt, Is.EqualTo(10), "the one pending refresh, a second later");
    }

    private SourceHarness BuildWatchingAll() =>
        SourceHarness.Build(_emulator.ConnectionString, o => o
            .Select("App:*").TrimKeyPrefix("App:")
            .ConfigureRefresh(r => r.RegisterAll().SetRefreshInterval(Interval))
            .UseFeatureFlags(ff => ff.SetRefreshInterval(Interval)));
}
