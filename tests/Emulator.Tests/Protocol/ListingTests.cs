using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using OpenFeatureAppConfig.Emulator.Tests.Support;

namespace OpenFeatureAppConfig.Emulator.Tests.Protocol;

public class ListingTests
{
    private static async Task<string[]> ListKeysAsync(ApiClient client, string query)
    {
        using var response = await client.GetAsync($"/kv?api-version={ApiClient.ApiVersion}&{query}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), query + ": " + await response.Content.ReadAsStringAsync());
        var page = await ApiClient.ReadJsonAsync(response);
        return [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("key").GetString() + "|" + (i.GetProperty("label").GetString() ?? "\\0"))];
    }

    [Test]
    public async Task Key_filters_take_any_prefix_exact_lists_and_escapes()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        foreach (var key in new[] { "app:a", "app:b", "app*star", "comma,key", "back\\slash", "other" })
        {
            await emulator.SetKeyValueAsync(key, "v");
        }

        using var client = ApiClient.For(emulator);
        Assert.That(await ListKeysAsync(client, "key=*"), Has.Length.EqualTo(6));
        Assert.That(await ListKeysAsync(client, "key=app%3A*"), Is.EqualTo(new[] { "app:a|\\0", "app:b|\\0" }));
        Assert.That(await ListKeysAsync(client, "key=app*"), Is.EqualTo(new[] { "app*star|\\0", "app:a|\\0", "app:b|\\0" }));
        Assert.That(await ListKeysAsync(client, "key=other,app%3Ab"), Is.EqualTo(new[] { "app:b|\\0", "other|\\0" }));
        Assert.That(await ListKeysAsync(client, "key=" + Uri.EscapeDataString("app\\*star")), Is.EqualTo(new[] { "app*star|\\0" }));
        Assert.That(await ListKeysAsync(client, "key=" + Uri.EscapeDataString("comma\\,key")), Is.EqualTo(new[] { "comma,key|\\0" }));
        Assert.That(await ListKeysAsync(client, "key=" + Uri.EscapeDataString("back\\\\slash")), Is.EqualTo(new[] { "back\\slash|\\0" }));
        Assert.That(await ListKeysAsync(client, "key=a,b,c,d,other"), Is.EqualTo(new[] { "other|\\0" }));
    }

    [TestCase("key=a,b,c,d,e,f", "key")]
    [TestCase("key=a*b", "key")]
    [TestCase("label=x*y", "label")]
    [TestCase("key=abc%5C", "key")]
    [TestCase("tags=novalue", "tags")]
    [TestCase("tags=a=1&tags=b=2&tags=c=3&tags=d=4&tags=e=5&tags=f=6", "tags")]
    [TestCase("%24select=key,bogus", "$select")]
    [TestCase("after=not-a-token", "After")]
    [TestCase("key=a&key=b", "key")]
    public async Task A_bad_filter_is_a_400_naming_the_parameter(string query, string name)
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.For(emulator);
        using var response = await client.GetAsync($"/kv?api-version=1.0&{query}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await ApiClient.ReadJsonAsync(response);
        Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo("https://azconfig.io/errors/invalid-argument"));
        Assert.That(problem.GetProperty("name").GetString(), Is.EqualTo(name));
    }

    [Test]
    public async Task Label_filters_select_labels_and_null_label()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        await emulator.SetKeyValueAsync("k", "none");
        await emulator.SetKeyValueAsync("k", "dev", "dev");
        await emulator.SetKeyValueAsync("k", "prod", "prod");
        await emulator.SetKeyValueAsync("k", "prod-eu", "prod-eu");
        using var client = ApiClient.For(emulator);

        Assert.That(await ListKeysAsync(client, ""), Is.EqualTo(new[] { "k|\\0", "k|dev", "k|prod", "k|prod-eu" }), "no filter = any label");
        Assert.That(await ListKeysAsync(client, "label=%00"), Is.EqualTo(new[] { "k|\\0" }));
        Assert.That(await ListKeysAsync(client, "label=" + Uri.EscapeDataString("\\0")), Is.EqualTo(new[] { "k|\\0" }));
        Assert.That(await ListKeysAsync(client, "label=prod*"), Is.EqualTo(new[] { "k|prod", "k|prod-eu" }));
        Assert.That(await ListKeysAsync(client, "label=dev,%00"), Is.EqualTo(new[] { "k|\\0", "k|dev" }));
    }

    [Test]
    public async Task Tag_filters_must_all_match_and_can_match_a_null_value()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        await emulator.SetKeyValueAsync("a", "v", tags: new Dictionary<string, string?> { ["team"] = "web", ["tier"] = "1" });
        await emulator.SetKeyValueAsync("b", "v", tags: new Dictionary<string, string?> { ["team"] = "web", ["tier"] = "2" });
        await emulator.SetKeyValueAsync("c", "v", tags: new Dictionary<string, string?> { ["team"] = null });
        using var client = ApiClient.For(emulator);

        Assert.That(await ListKeysAsync(client, "tags=team%3Dweb"), Is.EqualTo(new[] { "a|\\0", "b|\\0" }));
        Assert.That(await ListKeysAsync(client, "tags=team%3Dweb&tags=tier%3D2"), Is.EqualTo(new[] { "b|\\0" }));
        Assert.That(await ListKeysAsync(client, "tags=team%3D%00"), Is.EqualTo(new[] { "c|\\0" }));
        Assert.That(await ListKeysAsync(client, "tags=missing%3Dx"), Is.Empty);
    }

    [Test]
    public async Task Select_limits_the_fields_of_each_item()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        await emulator.SetKeyValueAsync("k", "v", "l");
        using var client = ApiClient.For(emulator);
        using var response = await client.GetAsync("/kv?api-version=1.0&$select=key,value,etag");
        var item = (await ApiClient.ReadJsonAsync(response)).GetProperty("items")[0];
        Assert.That(item.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "etag", "key", "value" }));
    }

    [Test]
    public async Task Listings_page_at_100_with_both_link_forms_and_a_page_etag()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        for (var i = 0; i < 250; i++)
        {
            await emulator.SetKeyValueAsync($"item:{i:D3}", i.ToString());
        }

        using var client = ApiClient.For(emulator);
        var keys = new List<string>();
        string? next = "/kv?key=item%3A*&api-version=2026-04-01";
        var pages = 0;
        while (next is not null)
        {
            using var response = await client.GetAsync(next);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType!.ToString(), Is.EqualTo("application/vnd.microsoft.appconfig.kvset+json; charset=utf-8"));
            var page = await ApiClient.ReadJsonAsync(response);
            pages++;
            keys.AddRange(ApiClient.KeysOf(page));
            Assert.That(response.Headers.ETag!.Tag, Is.EqualTo("\"" + page.GetProperty("etag").GetString() + "\""));

            var bodyLink = page.TryGetProperty("@nextLink", out var link) ? link.GetString() : null;
            var headerLink = response.Headers.TryGetValues("Link", out var values) ? values.Single() : null;
            if (bodyLink is null)
            {
                Assert.That(headerLink, Is.Null);
            }
            else
            {
                Assert.That(bodyLink, Does.Contain("&after=").And.StartWith("/kv?"));
                Assert.That(bodyLink, Does.Contain("api-version=2026-04-01"));
                Assert.That(headerLink, Is.EqualTo($"<{bodyLink}>; rel=\"next\""));
            }

            next = bodyLink;
        }

        Assert.That(pages, Is.EqualTo(3));
        Assert.That(keys, Is.EqualTo(Enumerable.Range(0, 250).Select(i => $"item:{i:D3}")));
    }

    [Test]
    public async Task The_next_link_continues_after_the_last_item_served_even_when_the_store_changed()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        for (var i = 0; i < 120; i++)
        {
            await emulator.SetKeyValueAsync($"k{i:D3}", "v");
        }

        using var client = ApiClient.For(emulator);
        using var first = await client.GetAsync("/kv?api-version=1.0");
        var next = (await ApiClient.ReadJsonAsync(first)).GetProperty("@nextLink").GetString()!;
        await emulator.DeleteKeyValueAsync("k050");
        await emulator.DeleteKeyValueAsync("k099");
        await emulator.SetKeyValueAsync("k0995", "inserted after the last item served");

        using var second = await client.GetAsync(next);
        Assert.That(ApiClient.KeysOf(await ApiClient.ReadJsonAsync(second)), Is.EqualTo(new[] { "k0995" }.Concat(Enumerable.Range(100, 20).Select(i => $"k{i:D3}"))));
    }

    [Test]
    public async Task An_unchanged_page_is_304_with_its_link_and_a_changed_page_is_200()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        for (var i = 0; i < 150; i++)
        {
            await emulator.SetKeyValueAsync($"k{i:D3}", "v");
        }

        using var client = ApiClient.For(emulator);
        const string path = "/kv?key=k*&api-version=1.0";
        using var first = await client.GetAsync(path);
        var etag = first.Headers.ETag!;
        var link = first.Headers.GetValues("Link").Single();

        using var unchanged = await client.GetAsync(path, r => r.Headers.IfNoneMatch.Add(etag));
        Assert.That(unchanged.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        Assert.That(await unchanged.Content.ReadAsByteArrayAsync(), Is.Empty);
        Assert.That(unchanged.Headers.GetValues("Link").Single(), Is.EqualTo(link));
        Assert.That(unchanged.Headers.ETag, Is.EqualTo(etag));

        // A change on the second page leaves the first page's etag alone.
        await emulator.SetKeyValueAsync("k120", "changed");
        using var stillUnchanged = await client.GetAsync(path, r => r.Headers.IfNoneMatch.Add(etag));
        Assert.That(stillUnchanged.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));

        await emulator.SetKeyValueAsync("k005", "changed");
        using var changed = await client.GetAsync(path, r => r.Headers.IfNoneMatch.Add(etag));
        Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(changed.Headers.ETag, Is.Not.EqualTo(etag));

        using var ifMatch = await client.GetAsync(path, r => r.Headers.IfMatch.Add(etag));
        Assert.That(ifMatch.StatusCode, Is.EqualTo(HttpStatusCode.PreconditionFailed));
    }

    [Test]
    public async Task Deleting_or_adding_an_item_changes_the_last_page_etag()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        await emulator.SetKeyValueAsync("a", "v");
        using var client = ApiClient.For(emulator);
        using var first = await client.GetAsync("/kv?api-version=1.0");
        var etag = first.Headers.ETag!;

        await emulator.SetKeyValueAsync("b", "v");
        using var added = await client.GetAsync("/kv?api-version=1.0", r => r.Headers.IfNoneMatch.Add(etag));
        Assert.That(added.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await emulator.DeleteKeyValueAsync("b");
        using var removed = await client.GetAsync("/kv?api-version=1.0", r => r.Headers.IfNoneMatch.Add(etag));
        Assert.That(removed.StatusCode, Is.EqualTo(HttpStatusCode.NotModified), "same items as the first time, same etag");
    }

    [Test]
    public async Task Accept_Datetime_lists_the_store_as_it_was()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await AppConfigurationEmulator.StartAsync(new AppConfigurationEmulatorOptions { TimeProvider = time });
        using var client = ApiClient.For(emulator);
        await client.PutOkAsync("k", "old");
        var then = time.GetUtcNow();
        time.Advance(TimeSpan.FromMinutes(1));
        await client.PutOkAsync("k", "new");
        await client.PutOkAsync("added-later", "x");

        using var response = await client.GetAsync("/kv?api-version=1.0", r => r.Headers.Add("Accept-Datetime", then.ToString("R")));
        var page = await ApiClient.ReadJsonAsync(response);
        Assert.That(ApiClient.KeysOf(page), Is.EqualTo(new[] { "k" }));
        Assert.That(page.GetProperty("items")[0].GetProperty("value").GetString(), Is.EqualTo("old"));
    }
}
