using System.Net;
using System.Net.Http.Headers;
using OpenFeatureAppConfig.Emulator.Tests.Support;

namespace OpenFeatureAppConfig.Emulator.Tests.Protocol;

public class KeyValueTests
{
    [Test]
    public async Task Put_then_get_round_trips_a_key_value_in_the_service_shape()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.For(emulator);
        var put = await client.PutOkAsync("app/settings:color", "blue", "prod", "text/plain", new Dictionary<string, string?> { ["team"] = "web", ["empty"] = null });

        using var response = await client.GetAsync(ApiClient.KeyPath("app/settings:color", "prod"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.ToString(), Is.EqualTo("application/vnd.microsoft.appconfig.kv+json; charset=utf-8"));
        Assert.That(response.RequestMessage!.RequestUri!.AbsolutePath, Does.Contain("%2F"), "the key travels percent-encoded");
        var item = await ApiClient.ReadJsonAsync(response);
        Assert.That(item.GetProperty("key").GetString(), Is.EqualTo("app/settings:color"));
        Assert.That(item.GetProperty("label").GetString(), Is.EqualTo("prod"));
        Assert.That(item.GetProperty("value").GetString(), Is.EqualTo("blue"));
        Assert.That(item.GetProperty("content_type").GetString(), Is.EqualTo("text/plain"));
        Assert.That(item.GetProperty("tags").GetProperty("team").GetString(), Is.EqualTo("web"));
        Assert.That(item.GetProperty("tags").GetProperty("empty").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
        Assert.That(item.GetProperty("locked").GetBoolean(), Is.False);
        Assert.That(item.GetProperty("last_modified").GetString(), Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$"));
        Assert.That(item.GetProperty("etag").GetString(), Is.EqualTo(put.GetProperty("etag").GetString()));
        Assert.That(response.Headers.ETag!.Tag, Is.EqualTo("\"" + item.GetProperty("etag").GetString() + "\""));
        Assert.That(response.Content.Headers.LastModified, Is.Not.Null);
    }

    [Test]
    public async Task No_label_and_an_empty_label_are_the_same_and_distinct_from_a_label()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.For(emulator);
        await client.PutOkAsync("k", "unlabelled");
        await client.PutOkAsync("k", "labelled", "dev");

        using var plain = await client.GetAsync(ApiClient.KeyPath("k"));
        using var empty = await client.GetAsync(ApiClient.KeyPath("k") + "&label=");
        using var nul = await client.GetAsync(ApiClient.KeyPath("k") + "&label=%00");
        using var dev = await client.GetAsync(ApiClient.KeyPath("k", "dev"));
        foreach (var response in new[] { plain, empty, nul })
        {
            var item = await ApiClient.ReadJsonAsync(response);
            Assert.That(item.GetProperty("value").GetString(), Is.EqualTo("unlabelled"));
            Assert.That(item.GetProperty("label").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
        }

        Assert.That((await ApiClient.ReadJsonAsync(dev)).GetProperty("value").GetString(), Is.EqualTo("labelled"));
    }

    [Test]
    public async Task A_missing_key_value_is_404()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.For(emulator);
        using var response = await client.GetAsync(ApiClient.KeyPath("nope"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Get_with_a_matching_If_None_Match_is_304_and_a_failing_If_Match_is_412()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.For(emulator);
        var etag = (await client.PutOkAsync("k", "v")).GetProperty("etag").GetString()!;

        using var notModified = await client.GetAsync(ApiClient.KeyPath("k"), r => r.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{etag}\"")));
        Assert.That(notModified.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        Assert.That(notModified.Headers.ETag!.Tag, Is.EqualTo($"\"{etag}\""));

        using var modified = await client.GetAsync(ApiClient.KeyPath("k"), r => r.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"old\"")));
        Assert.That(modified.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        using var failed = await client.GetAsync(ApiClient.KeyPath("k"), r => r.Headers.IfMatch.Add(new EntityTagHeaderValue("\"old\"")));
        Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.PreconditionFailed));
    }

    [Test]
    public async Task Put_honours_If_Match_and_If_None_Match_star()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.For(emulator);

        using var createOnly = await client.PutAsync("k", "first", configure: r => r.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Any));
        Assert.That(createOnly.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var etag = (await ApiClient.ReadJsonAsync(createOnly)).GetProperty("etag").GetString()!;

        using var createAgain = await client.PutAsync("k", "second", configure: r => r.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Any));
        Assert.That(createAgain.StatusCode, Is.EqualTo(HttpStatusCode.PreconditionFailed));

        using var stale = await client.PutAsync("k", "second", configure: r => r.Headers.IfMatch.Add(new EntityTagHeaderValue("\"stale\"")));
        Assert.That(stale.StatusCode, Is.EqualTo(HttpStatusCode.PreconditionFailed));

        using var missing = await client.PutAsync("other", "x", configure: r => r.Headers.IfMatch.Add(EntityTagHeaderValue.Any));
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.PreconditionFailed));

        using var current = await client.PutAsync("k", "second", configure: r => r.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{etag}\"")));
        Assert.That(current.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var updated = await ApiClient.ReadJsonAsync(current);
        Assert.That(updated.GetProperty("value").GetString(), Is.EqualTo("second"));
        Assert.That(updated.GetProperty("etag").GetString(), Is.Not.EqualTo(etag));
    }

    [Test]
    public async Task Delete_returns_the_deleted_item_or_204_and_honours_If_Match()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.For(emulator);
        var etag = (await client.PutOkAsync("k", "v", "l")).GetProperty("etag").GetString()!;

        using var stale = await client.SendAsync(HttpMethod.Delete, ApiClient.KeyPath("k", "l"), configure: r => r.Headers.IfMatch.Add(new EntityTagHeaderValue("\"stale\"")));
        Assert.That(stale.StatusCode, Is.EqualTo(HttpStatusCode.PreconditionFailed));

        using var deleted = await client.SendAsync(HttpMethod.Delete, ApiClient.KeyPath("k", "l"), configure: r => r.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{etag}\"")));
        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await ApiClient.ReadJsonAsync(deleted)).GetProperty("value").GetString(), Is.EqualTo("v"));

        using var again = await client.SendAsync(HttpMethod.Delete, ApiClient.KeyPath("k", "l"));
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        using var get = await client.GetAsync(ApiClient.KeyPath("k", "l"));
        Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Head_answers_the_headers_of_get_without_a_body()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.For(emulator);
        await client.PutOkAsync("k", "value");

        using var get = await client.GetAsync(ApiClient.KeyPath("k"));
        using var head = await client.SendAsync(HttpMethod.Head, ApiClient.KeyPath("k"));
        Assert.That(head.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(head.Headers.ETag, Is.EqualTo(get.Headers.ETag));
        Assert.That(head.Content.Headers.ContentType, Is.EqualTo(get.Content.Headers.ContentType));
        Assert.That(head.Content.Headers.ContentLength, Is.EqualTo(get.Content.Headers.ContentLength));
        Assert.That(await head.Content.ReadAsByteArrayAsync(), Is.Empty);

        foreach (var path in new[] { "/kv", "/keys", "/labels", "/revisions" })
        {
            using var listHead = await client.SendAsync(HttpMethod.Head, $"{path}?api-version={ApiClient.ApiVersion}");
            Assert.That(listHead.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
            Assert.That(listHead.Headers.ETag, Is.Not.Null, path);
            Assert.That(await listHead.Content.ReadAsByteArrayAsync(), Is.Empty, path);
        }
    }

    [TestCase("%25percent")]
    [TestCase(".")]
    public async Task Keys_the_service_forbids_are_400_naming_the_key(string escapedKey)
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.For(emulator);
        using var response = await client.SendAsync(HttpMethod.Put, $"/kv/{escapedKey}?api-version=1.0", "{\"value\":\"x\"}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await ApiClient.ReadJsonAsync(response)).GetProperty("name").GetString(), Is.EqualTo("key"));
    }

    [Test]
    public async Task A_body_that_is_not_json_is_400_and_a_foreign_media_type_is_415()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.For(emulator);
        using var broken = await client.SendAsync(HttpMethod.Put, ApiClient.KeyPath("k"), "{not json");
        Assert.That(broken.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await ApiClient.ReadJsonAsync(broken)).GetProperty("type").GetString(), Is.EqualTo("https://azconfig.io/errors/invalid-argument"));

        using var wrongValue = await client.SendAsync(HttpMethod.Put, ApiClient.KeyPath("k"), "{\"value\":42}");
        Assert.That((await ApiClient.ReadJsonAsync(wrongValue)).GetProperty("name").GetString(), Is.EqualTo("value"));

        using var text = await client.SendAsync(HttpMethod.Put, ApiClient.KeyPath("k"), "{\"value\":\"x\"}", contentType: "text/plain");
        Assert.That(text.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));

        using var json = await client.SendAsync(HttpMethod.Put, ApiClient.KeyPath("k"), "{\"value\":\"x\"}", contentType: "application/json");
        Assert.That(json.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Every_answer_carries_a_sync_token_whose_sequence_grows_with_writes()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.For(emulator);
        using var before = await client.GetAsync($"/kv?api-version={ApiClient.ApiVersion}");
        using var put = await client.PutAsync("k", "v");
        using var notFound = await client.GetAsync(ApiClient.KeyPath("missing"));
        using var badRequest = await client.GetAsync("/kv");

        long SequenceOf(HttpResponseMessage response)
        {
            var token = response.Headers.GetValues("Sync-Token").Single();
            Assert.That(token, Does.Match(@"^[^=;]+=[^;]+;sn=\d+$"));
            return long.Parse(token[(token.IndexOf(";sn=", StringComparison.Ordinal) + 4)..]);
        }

        Assert.That(SequenceOf(put), Is.EqualTo(SequenceOf(before) + 1));
        Assert.That(SequenceOf(notFound), Is.EqualTo(SequenceOf(put)));
        Assert.That(SequenceOf(badRequest), Is.EqualTo(SequenceOf(put)));
    }

    [Test]
    public async Task Answers_carry_a_request_id_and_echo_the_client_request_id()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.For(emulator);
        using var response = await client.GetAsync(ApiClient.KeyPath("missing"), r => r.Headers.Add("x-ms-client-request-id", "abc-123"));
        Assert.That(response.Headers.GetValues("x-ms-client-request-id").Single(), Is.EqualTo("abc-123"));
        Assert.That(response.Headers.GetValues("x-ms-request-id").Single(), Is.Not.Empty);
    }

    [Test]
    public async Task Clients_may_send_sync_tokens_back_but_a_malformed_one_is_400()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.For(emulator);
        using var put = await client.PutAsync("k", "v");
        var token = put.Headers.GetValues("Sync-Token").Single().Split(';')[0];

        using var good = await client.GetAsync(ApiClient.KeyPath("k"), r => r.Headers.Add("Sync-Token", token + ",other=abc"));
        Assert.That(good.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var bad = await client.GetAsync(ApiClient.KeyPath("k"), r => r.Headers.Add("Sync-Token", "garbage"));
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await ApiClient.ReadJsonAsync(bad)).GetProperty("name").GetString(), Is.EqualTo("Sync-Token"));
    }

    [TestCase("ключ/ünïcode")]
    [TestCase("a b+c&d=e?f#g")]
    [TestCase("star*comma,back\\slash")]
    public async Task Keys_and_labels_with_reserved_and_non_ascii_characters_round_trip(string key)
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.For(emulator);
        await client.PutOkAsync(key, "v", label: "lä bel/1");
        using var response = await client.GetAsync(ApiClient.KeyPath(key, "lä bel/1"));
        var item = await ApiClient.ReadJsonAsync(response);
        Assert.That(item.GetProperty("key").GetString(), Is.EqualTo(key));
        Assert.That(item.GetProperty("label").GetString(), Is.EqualTo("lä bel/1"));
    }

    [Test]
    public async Task Accept_Datetime_reads_one_key_value_as_it_was()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await AppConfigurationEmulator.StartAsync(new AppConfigurationEmulatorOptions { TimeProvider = time });
        using var client = ApiClient.For(emulator);
        client.Signer!.Clock = time.GetUtcNow;
        await client.PutOkAsync("k", "old");
        var then = time.GetUtcNow();
        time.Advance(TimeSpan.FromMinutes(1));
        await client.PutOkAsync("k", "new");

        using var past = await client.GetAsync(ApiClient.KeyPath("k"), r => r.Headers.Add("Accept-Datetime", then.ToString("R")));
        Assert.That((await ApiClient.ReadJsonAsync(past)).GetProperty("value").GetString(), Is.EqualTo("old"));
        Assert.That(past.Headers.GetValues("Memento-Datetime").Single(), Is.EqualTo(then.ToString("R")));

        using var before = await client.GetAsync(ApiClient.KeyPath("k"), r => r.Headers.Add("Accept-Datetime", then.AddHours(-1).ToString("R")));
        Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        using var revisions = await client.GetAsync("/revisions?api-version=1.0&key=k", r => r.Headers.Add("Accept-Datetime", then.ToString("R")));
        var items = (await ApiClient.ReadJsonAsync(revisions)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("value").GetString());
        Assert.That(items, Is.EqualTo(new[] { "old" }));

        using var bad = await client.GetAsync(ApiClient.KeyPath("k"), r => r.Headers.TryAddWithoutValidation("Accept-Datetime", "yesterday"));
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }
}
