using System.Net;
using OpenFeatureAppConfig.Emulator.Tests.Support;

namespace OpenFeatureAppConfig.Emulator.Tests.Protocol;

public class RevisionsTests
{
    [Test]
    public async Task Every_write_leaves_a_revision_listed_newest_first_and_filterable()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.For(emulator);
        await client.PutOkAsync("k", "1");
        await client.PutOkAsync("k", "2", tags: new Dictionary<string, string?> { ["t"] = "x" });
        await client.PutOkAsync("other", "x", "l");
        using (await client.SendAsync(HttpMethod.Put, ApiClient.KeyPath("k", resource: "locks")))
        {
        }

        using var response = await client.GetAsync("/revisions?api-version=1.0&key=k");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.ToString(), Is.EqualTo("application/vnd.microsoft.appconfig.kvset+json; charset=utf-8"));
        var items = (await ApiClient.ReadJsonAsync(response)).GetProperty("items").EnumerateArray().ToList();
        Assert.That(items.Select(i => (i.GetProperty("value").GetString(), i.GetProperty("locked").GetBoolean())), Is.EqualTo(new[] { ("2", true), ("2", false), ("1", false) }));

        using var byLabel = await client.GetAsync("/revisions?api-version=1.0&label=l&$select=key,value");
        var labelled = (await ApiClient.ReadJsonAsync(byLabel)).GetProperty("items").EnumerateArray().Single();
        Assert.That(labelled.GetProperty("key").GetString(), Is.EqualTo("other"));
        Assert.That(labelled.TryGetProperty("etag", out _), Is.False);

        using var byTag = await client.GetAsync("/revisions?api-version=1.0&tags=t%3Dx");
        Assert.That((await ApiClient.ReadJsonAsync(byTag)).GetProperty("items").GetArrayLength(), Is.EqualTo(2));
    }

    [Test]
    public async Task Revisions_outlive_a_deletion_and_page_at_100()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        for (var i = 0; i < 130; i++)
        {
            await emulator.SetKeyValueAsync("k", i.ToString());
        }

        await emulator.DeleteKeyValueAsync("k");
        using var client = ApiClient.For(emulator);
        using var first = await client.GetAsync("/revisions?key=k&api-version=1.0");
        var page = await ApiClient.ReadJsonAsync(first);
        Assert.That(page.GetProperty("items").GetArrayLength(), Is.EqualTo(100));
        Assert.That(page.GetProperty("items")[0].GetProperty("value").GetString(), Is.EqualTo("129"));
        using var second = await client.GetAsync(page.GetProperty("@nextLink").GetString()!);
        var rest = await ApiClient.ReadJsonAsync(second);
        Assert.That(rest.GetProperty("items").GetArrayLength(), Is.EqualTo(30));
        Assert.That(rest.GetProperty("items")[29].GetProperty("value").GetString(), Is.EqualTo("0"));
    }
}
