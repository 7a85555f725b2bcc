using Azure;
using OpenFeatureAppConfig.AppConfiguration;
using OpenFeatureAppConfig.Emulator;

namespace OpenFeatureAppConfig.AppConfiguration.Tests.Client;

public class ClientOperationsTests
{
    private AppConfigurationEmulator _emulator = null!;
    private AppConfigurationClient _client = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _emulator = await TestStore.StartAsync();
        _client = new AppConfigurationClient(_emulator.ConnectionString, TestStore.FastRetries());
    }

    [TearDown]
    public async Task StopAsync() => await _emulator.DisposeAsync();

    [Test]
    public async Task Signed_set_get_delete_round_trip()
    {
        var written = (await _client.SetConfigurationSettingAsync(new ConfigurationSetting("App:Color/α", "blue", "prod") { ContentType = "text/plain" })).Value;
        var read = (await _client.GetConfigurationSettingAsync("App:Color/α", "prod")).Value;
        var deleted = await _client.DeleteConfigurationSettingAsync("App:Color/α", "prod");
        var missing = Assert.ThrowsAsync<RequestFailedException>(() => _client.GetConfigurationSettingAsync("App:Color/α", "prod"))!;

        Assert.Multiple(() =>
        {
            Assert.That(read.Value, Is.EqualTo("blue"));
            Assert.That(read.Label, Is.EqualTo("prod"));
            Assert.That(read.ContentType, Is.EqualTo("text/plain"));
            Assert.That(read.ETag, Is.EqualTo(written.ETag));
            Assert.That(read.LastModified, Is.Not.Null);
            Assert.That(deleted.Status, Is.EqualTo(200));
            Assert.That(missing.Status, Is.EqualTo(404));
        });
    }

    [Test]
    public async Task Lists_more_than_one_thousand_settings_across_pages()
    {
        for (var i = 0; i < 1_050; i++)
        {
            await _emulator.SetKeyValueAsync($"Bulk:{i:D4}", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        _emulator.Requests.Clear();
        var keys = new List<string>();
        await foreach (var setting in _client.GetConfigurationSettingsAsync(new SettingSelector { KeyFilter = "Bulk:*" }))
        {
            keys.Add(setting.Key);
        }

        Assert.That(keys, Has.Count.EqualTo(1_050).And.Unique);
        Assert.That(_emulator.Requests.Snapshot().Count(r => r.PathAndQuery.StartsWith("/kv?", StringComparison.Ordinal)), Is.EqualTo(11));
    }

    [Test]
    public async Task Key_label_and_tag_filters_and_select()
    {
        await _emulator.SetKeyValueAsync("A:1", "x", label: null, tags: new Dictionary<string, string?> { ["team"] = "red" });
        await _emulator.SetKeyValueAsync("A:2", "y", label: "prod", tags: new Dictionary<string, string?> { ["team"] = "blue" });
        await _emulator.SetKeyValueAsync("B:1", "z", label: "prod", tags: new Dictionary<string, string?> { ["team"] = "red" });

        var prod = await ListAsync(new SettingSelector { KeyFilter = "*", LabelFilter = "prod" });
        var noLabel = await ListAsync(new SettingSelector { KeyFilter = "A:*", LabelFilter = SettingSelector.NoLabel });
        var red = await ListAsync(new SettingSelector { TagsFilter = { "team=red" } });
        var keysOnly = await ListAsync(new SettingSelector { KeyFilter = "A:1,B:1", Fields = SettingFields.Key | SettingFields.Label });

        Assert.Multiple(() =>
        {
            Assert.That(prod.Select(s => s.Key), Is.EquivalentTo(new[] { "A:2", "B:1" }));
            Assert.That(noLabel.Select(s => s.Key), Is.EquivalentTo(new[] { "A:1" }));
            Assert.That(red.Select(s => s.Key), Is.EquivalentTo(new[] { "A:1", "B:1" }));
            Assert.That(keysOnly.Select(s => s.Key), Is.EquivalentTo(new[] { "A:1", "B:1" }));
            Assert.That(keysOnly.Select(s => s.Value), Is.All.Null);
            Assert.That(_emulator.Requests.Snapshot().Last().PathAndQuery, Does.Contain("select=key%2Clabel").Or.Contain("select=key,label"));
        });
    }

    [Test]
    public async Task ETag_conditions_on_set_add_delete_and_get()
    {
        var first = (await _client.SetConfigurationSettingAsync(new ConfigurationSetting("K", "1"))).Value;
        var second = (await _client.SetConfigurationSettingAsync(new ConfigurationSetting("K", "2"))).Value;

        var staleWrite = Assert.ThrowsAsync<RequestFailedException>(() => _client.SetConfigurationSettingAsync(first, onlyIfUnchanged: true))!;
        var duplicateAdd = Assert.ThrowsAsync<RequestFailedException>(() => _client.AddConfigurationSettingAsync(new ConfigurationSetting("K", "3")))!;
        var staleDelete = Assert.ThrowsAsync<RequestFailedException>(() => _client.DeleteConfigurationSettingAsync("K", null, first.ETag))!;
        var unchanged = await _client.GetConfigurationSettingIfChangedAsync("K", null, second.ETag);
        var changed = await _client.GetConfigurationSettingIfChangedAsync("K", null, first.ETag);
        second.Value = "3";
        var conditionalWrite = (await _client.SetConfigurationSettingAsync(second, onlyIfUnchanged: true)).Value;

        Assert.Multiple(() =>
        {
            Assert.That(staleWrite.Status, Is.EqualTo(412));
            Assert.That(duplicateAdd.Status, Is.EqualTo(412));
            Assert.That(staleDelete.Status, Is.EqualTo(412));
            Assert.That(unchanged.GetRawResponse().Status, Is.EqualTo(304));
            Assert.That(unchanged.Value, Is.Null);
            Assert.That(changed.Value!.Value, Is.EqualTo("2"));
            Assert.That(conditionalWrite.Value, Is.EqualTo("3"));
        });
    }

    [Test]
    public async Task Conditional_page_check_answers_unchanged_on_304_without_a_body()
    {
        for (var i = 0; i < 150; i++)
        {
            await _emulator.SetKeyValueAsync($"P:{i:D3}", "v");
        }

        var selector = new SettingSelector { KeyFilter = "P:*" };
        var first = (await _client.GetConfigurationSettingsPageAsync(selector)).Value;
        _emulator.Requests.Clear();

        var again = (await _client.GetConfigurationSettingsPageAsync(selector, null, first.ETag)).Value;
        var secondPage = (await _client.GetConfigurationSettingsPageAsync(selector, again.ContinuationToken)).Value;
        await _emulator.SetKeyValueAsync("P:000", "changed");
        var afterChange = (await _client.GetConfigurationSettingsPageAsync(selector, null, first.ETag)).Value;

        var check = _emulator.Requests.Snapshot()[0];
        Assert.Multiple(() =>
        {
            Assert.That(first.Settings, Has.Count.EqualTo(100));
            Assert.That(again.IsUnchanged, Is.True);
            Assert.That(again.Settings, Is.Empty);
            Assert.That(check.StatusCode, Is.EqualTo(304));
            Assert.That(check.ResponseBodyBytes, Is.Zero);
            Assert.That(again.ContinuationToken, Is.Not.Null, "the next page link travels on 304s too");
            Assert.That(secondPage.Settings, Has.Count.EqualTo(50));
            Assert.That(secondPage.ContinuationToken, Is.Null);
            Assert.That(afterChange.IsUnchanged, Is.False);
            Assert.That(afterChange.ETag, Is.Not.EqualTo(first.ETag));
        });
    }

    [Test]
    public void Errors_carry_status_and_problem_details()
    {
        var e = Assert.ThrowsAsync<RequestFailedException>(() => _client.AddConfigurationSettingAsync(new ConfigurationSetting("K", "1")).ContinueWith(_ => _client.AddConfigurationSettingAsync(new ConfigurationSetting("K", "1"))).Unwrap())!;

        Assert.Multiple(() =>
        {
            Assert.That(e.Status, Is.EqualTo(412));
            Assert.That(e.ErrorCode, Is.Not.Null.And.Not.Empty);
            Assert.That(e.Message, Does.Contain("412"));
        });
    }

    [Test]
    public async Task Read_only_key_cannot_write()
    {
        var readOnly = new AppConfigurationClient(_emulator.ReadOnlyConnectionString, TestStore.FastRetries());
        await _emulator.SetKeyValueAsync("K", "v");

        var read = (await readOnly.GetConfigurationSettingAsync("K")).Value;
        var e = Assert.ThrowsAsync<RequestFailedException>(() => readOnly.SetConfigurationSettingAsync(new ConfigurationSetting("K", "w")))!;

        Assert.That(read.Value, Is.EqualTo("v"));
        Assert.That(e.Status, Is.EqualTo(403));
    }

    [Test]
    public async Task Sync_token_from_a_write_is_sent_back_on_the_next_read()
    {
        await _client.SetConfigurationSettingAsync(new ConfigurationSetting("K", "v"));
        await _client.GetConfigurationSettingAsync("K");

        var requests = _emulator.Requests.Snapshot();
        Assert.That(requests[0].RequestHeaders.ContainsKey("Sync-Token"), Is.False);
        Assert.That(requests[^1].RequestHeaders.TryGetValue("Sync-Token", out var token), Is.True);
        Assert.That(token, Does.Match("^[^=;]+=[^;]+$"));
    }

    private async Task<List<ConfigurationSetting>> ListAsync(SettingSelector selector)
    {
        var settings = new List<ConfigurationSetting>();
        await foreach (var setting in _client.GetConfigurationSettingsAsync(selector))
        {
            settings.Add(setting);
        }

        return settings;
    }
}
