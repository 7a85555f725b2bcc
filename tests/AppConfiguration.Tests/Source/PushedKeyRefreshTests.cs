using Microsoft.Extensions.Configuration;
using OpenFeatureAppConfig.Emulator;

namespace OpenFeatureAppConfig.AppConfiguration.Tests.Source;

/// <summary>
/// A push that names its key (Event Grid's <c>data.key</c>) is answered by the pages that can hold that key: a toggle
/// costs the store one request instead of one per page, and what is swapped in is what a full read gives, also when
/// the key was added or removed and the pages after it moved.
/// </summary>
public class PushedKeyRefreshTests
{
    private const string FlagPrefix = ".appconfig.featureflag/";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private AppConfigurationEmulator _emulator = null!;
    private AppConfigurationClient _client = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _emulator = await TestStore.StartAsync();
        _client = new AppConfigurationClient(_emulator.ConnectionString);
        // 250 key-values (3 pages) and 250 flags (3 pages).
        await TestStore.SeedAsync(_emulator, keyValues: 250, flags: 250);
    }

    [TearDown]
    public async Task StopAsync() => await _emulator.DisposeAsync();

    [TestCase(false, TestName = "A_toggle_pushed_with_its_key_costs_one_request_with_flags_read_on_their_own")]
    [TestCase(true, TestName = "A_toggle_pushed_with_its_key_costs_one_request_with_flags_routed_out_of_all_keys_pages")]
    public async Task A_toggle_pushed_with_its_key_costs_one_request(bool allKeys)
    {
        var harness = Build(allKeys);
        var flag = FlagIdAt(125);
        var before = harness.Flags()[flag];
        var setting = await _client.SetConfigurationSettingAsync(TestStore.FlagSetting(flag, before != "True"));
        _emulator.Requests.Clear();

        await PushAsync(harness, setting.Value);

        var requests = _emulator.Requests.Snapshot();
        Assert.Multiple(() =>
        {
            Assert.That(harness.Flags()[flag], Is.EqualTo(before == "True" ? "False" : "True"));
            Assert.That(requests, Has.Count.EqualTo(1), string.Join(Environment.NewLine, requests));
            Assert.That(requests[0].StatusCode, Is.EqualTo(200));
        });
    }

    [TestCase(false, TestName = "A_flag_pushed_as_added_or_removed_gives_what_a_full_read_gives_with_flags_read_on_their_own")]
    [TestCase(true, TestName = "A_flag_pushed_as_added_or_removed_gives_what_a_full_read_gives_with_flags_routed_out_of_all_keys_pages")]
    public async Task A_flag_pushed_as_added_or_removed_gives_what_a_full_read_gives(bool allKeys)
    {
        var harness = Build(allKeys);

        // Added in the first page: every page after it starts elsewhere now.
        var added = await _client.SetConfigurationSettingAsync(TestStore.FlagSetting(FlagIdAt(10) + "a", true));
        await PushAsync(harness, added.Value);
        AssertSameAsAFullRead(harness, allKeys);

        await _client.DeleteConfigurationSettingAsync(FlagPrefix + FlagIdAt(20));
        await PushAsync(harness, new ConfigurationSetting(FlagPrefix + FlagIdAt(20), null));
        AssertSameAsAFullRead(harness, allKeys);
    }

    [Test]
    public async Task A_push_without_a_key_checks_every_page()
    {
        var harness = Build(allKeys: false);
        _emulator.Requests.Clear();

        harness.Refresher.ProcessPushNotification(new PushNotification { SyncToken = "abc=def;sn=1" });
        await harness.Refresher.RefreshAsync();

        Assert.That(_emulator.Requests.Count, Is.EqualTo(6), "3 pages of key-values and 3 of flags, each asked once");
    }

    [Test]
    public async Task The_schedule_still_checks_every_page_after_a_push_answered_by_one()
    {
        var harness = Build(allKeys: false);
        var flag = FlagIdAt(200);
        var setting = await _client.SetConfigurationSettingAsync(TestStore.FlagSetting(flag, true));
        await PushAsync(harness, setting.Value);
        // A change no push told of.
        await _client.SetConfigurationSettingAsync(TestStore.FlagSetting(FlagIdAt(3), true));
        _emulator.Requests.Clear();

        harness.AdvancePast(Interval);
        await harness.Refresher.RefreshAsync();

        Assert.Multiple(() =>
        {
            Assert.That(_emulator.Requests.Count, Is.EqualTo(6));
            Assert.That(harness.Flags()[FlagIdAt(3)], Is.EqualTo("True"));
        });
    }

    private static string FlagIdAt(int index) => $"Flag{index:D3}";

    private SourceHarness Build(bool allKeys) =>
        SourceHarness.Build(_emulator.ConnectionString, o =>
        {
            // All keys under no label with every key watched: the flags come out of the key-value pages.
            if (!allKeys)
            {
                o.Select("App:*");
            }

            o.ConfigureRefresh(r => r.RegisterAll().SetRefreshInterval(Interval)).UseFeatureFlags(ff => ff.SetRefreshInterval(Interval));
        });

    private static async Task PushAsync(SourceHarness harness, ConfigurationSetting changed)
    {
        // Past the coalescing of pushes (one refresh a second by default).
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        harness.Refresher.ProcessPushNotification(new PushNotification { SyncToken = "abc=def;sn=1", Key = changed.Key, Label = changed.Label });
        await harness.Refresher.RefreshAsync();
    }

    private void AssertSameAsAFullRead(SourceHarness harness, bool allKeys)
    {
        var fresh = Build(allKeys);
        Assert.That(
            harness.Root.AsEnumerable().OrderBy(p => p.Key, StringComparer.Ordinal),
            Is.EqualTo(fresh.Root.AsEnumerable().OrderBy(p => p.Key, StringComparer.Ordinal)));
    }
}
