using Azure;
using OpenFeatureAppConfig.AppConfiguration;
using OpenFeatureAppConfig.AppConfiguration.Tests.Source;

namespace OpenFeatureAppConfig.AppConfiguration.Tests.Client;

/// <summary>Sync tokens from a push are untrusted input: validated, bounded, and dropped when the store rejects them.</summary>
public class SyncTokenPoisoningTests
{
    [TestCase("x=;sn=1")]
    [TestCase("=abc;sn=1")]
    [TestCase("x=abc")]
    [TestCase("x=abc;sn=-1")]
    [TestCase("x=abc;sn=1a")]
    [TestCase("x=a\r\nInjected: 1;sn=1")]
    [TestCase("x=a b;sn=1")]
    [TestCase("x=abc;sn=1,y=def;sn=2")]
    public void A_malformed_pushed_sync_token_is_refused_with_a_reason(string token)
    {
        var e = Assert.Throws<ArgumentException>(() => _ = new PushNotification { SyncToken = token });
        Assert.That(e!.Message, Does.Contain("sync token").IgnoreCase);
    }

    [Test]
    public void An_overlong_pushed_sync_token_is_refused() =>
        Assert.Throws<ArgumentException>(() => _ = new PushNotification { SyncToken = $"x={new string('A', 10_000)};sn=1" });

    [Test]
    public async Task The_issues_poisoned_push_does_not_stop_refresh()
    {
        await using var emulator = await TestStore.StartAsync();
        await emulator.SetFeatureFlagAsync(TestStore.FlagJson("Beta", false));
        var harness = SourceHarness.Build(emulator.ConnectionString, o => o.UseFeatureFlags(f => f.SetRefreshInterval(TimeSpan.FromSeconds(5))));

        Assert.Throws<ArgumentException>(() => harness.Refresher.ProcessPushNotification(new PushNotification { SyncToken = "x=;sn=1" }));
        Assert.Throws<ArgumentException>(() => new AppConfigurationClient(emulator.ConnectionString).UpdateSyncToken("x=;sn=1"));
        await emulator.SetFeatureFlagAsync(TestStore.FlagJson("Beta", true));
        harness.AdvancePast(TimeSpan.FromSeconds(5));
        await harness.Refresher.RefreshAsync();

        Assert.That(harness.Flags()["Beta"], Is.EqualTo("True"));
    }

    [Test]
    public async Task A_pushed_token_the_store_rejects_is_dropped_and_the_request_retried_without_it()
    {
        await using var store = await LoopbackStore.StartAsync(context =>
            context.Request.Headers["Sync-Token"].ToString().Contains("rejected=", StringComparison.Ordinal)
                ? LoopbackStore.ProblemAsync(context, 400, "Invalid Sync-Token", "Sync-Token", "Invalid Sync-Token 'rejected=AAAA'.")
                : LoopbackStore.EmptyPageAsync(context));
        var client = new AppConfigurationClient(store.ConnectionString, TestStore.FastRetries());
        client.UpdateSyncToken("rejected=AAAA;sn=7");

        var first = await client.GetConfigurationSettingsPageAsync(new SettingSelector());
        var second = await client.GetConfigurationSettingsPageAsync(new SettingSelector());

        Assert.That(first.GetRawResponse().Status, Is.EqualTo(200));
        Assert.That(second.GetRawResponse().Status, Is.EqualTo(200));
        Assert.That(store.Requests.Select(r => r.SyncToken), Is.EqualTo(new[] { "rejected=AAAA", null, null }));
    }

    [Test]
    public async Task A_rejection_that_is_not_about_the_sync_token_is_not_retried()
    {
        await using var store = await LoopbackStore.StartAsync(context =>
            LoopbackStore.ProblemAsync(context, 400, "Invalid request parameter", "key", "Invalid key filter."));
        var client = new AppConfigurationClient(store.ConnectionString, TestStore.FastRetries());
        client.UpdateSyncToken("kept=AAAA;sn=1");

        var e = Assert.ThrowsAsync<RequestFailedException>(() => client.GetConfigurationSettingsPageAsync(new SettingSelector()));

        Assert.That(e!.Status, Is.EqualTo(400));
        Assert.That(store.Requests.Select(r => r.SyncToken), Is.EqualTo(new[] { "kept=AAAA" }));
    }

    [Test]
    public async Task Pushed_tokens_are_bounded_in_number()
    {
        await using var emulator = await TestStore.StartAsync();
        var client = new AppConfigurationClient(emulator.ConnectionString, TestStore.FastRetries());
        for (var i = 0; i < 1000; i++)
        {
            client.UpdateSyncToken($"id{i}=AAAA;sn=1");
        }

        await client.GetConfigurationSettingsPageAsync(new SettingSelector());

        var sent = emulator.Requests.Snapshot()[^1].RequestHeaders["Sync-Token"].Split(',');
        Assert.That(sent, Has.Length.LessThanOrEqualTo(SyncTokenPolicy.MaxPushedTokens));
        Assert.That(sent, Does.Contain("id999=AAAA"), "the newest push is kept");
    }
}
