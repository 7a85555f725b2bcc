using System.Net;
using System.Text.Json;
using OpenFeatureAppConfig.Emulator.Tests.Support;

namespace OpenFeatureAppConfig.Emulator.Tests.Protocol;

public class KeysAndLabelsTests
{
    private static async Task<(string?[] Names, JsonElement Page, HttpResponseMessage Response)> ListAsync(ApiClient client, string pathAndQuery)
    {
        var response = await client.GetAsync(pathAndQuery);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var page = await ApiClient.ReadJsonAsync(response);
        return ([.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString())], page, response);
    }

    [Test]
    public async Task Keys_are_distinct_sorted_and_filtered_by_name()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        await emulator.SetKeyValueAsync("b", "1");
        await emulator.SetKeyValueAsync("a", "1", "x");
        await emulator.SetKeyValueAsync("a", "1", "y");
        await emulator.SetKeyValueAsync("app:z", "1");
        using var client = ApiClient.For(emulator);

        var (all, _, response) = await ListAsync(client, "/keys?api-version=1.0");
        Assert.That(all, Is.EqualTo(new[] { "a", "app:z", "b" }));
        Assert.That(response.Content.Headers.ContentType!.ToString(), Is.EqualTo("application/vnd.microsoft.appconfig.keyset+json; charset=utf-8"));
        Assert.That((await ListAsync(client, "/keys?api-version=1.0&name=a*")).Names, Is.EqualTo(new[] { "a", "app:z" }));
        Assert.That((await ListAsync(client, "/keys?api-version=1.0&name=b,a")).Names, Is.EqualTo(new[] { "a", "b" }));
        response.Dispose();
    }

    [Test]
    public async Task Keys_page_at_100()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        for (var i = 0; i < 120; i++)
        {
            await emulator.SetKeyValueAsync($"key{i:D3}", "v");
        }

        using var client = ApiClient.For(emulator);
        var (first, page, response) = await ListAsync(client, "/keys?api-version=1.0");
        Assert.That(first, Has.Length.EqualTo(100));
        var next = page.GetProperty("@nextLink").GetString()!;
        Assert.That(response.Headers.GetValues("Link").Single(), Is.EqualTo($"<{next}>; rel=\"next\""));
        var (second, secondPage, secondResponse) = await ListAsync(client, next);
        Assert.That(second, Is.EqualTo(Enumerable.Range(100, 20).Select(i => $"key{i:D3}")));
        Assert.That(secondPage.TryGetProperty("@nextLink", out _), Is.False);
        response.Dispose();
        secondResponse.Dispose();
    }

    [Test]
    public async Task Labels_are_distinct_with_no_label_as_null_first_and_filtered()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        await emulator.SetKeyValueAsync("a", "1", "prod");
        await emulator.SetKeyValueAsync("b", "1", "prod");
        await emulator.SetKeyValueAsync("c", "1", "dev");
        await emulator.SetKeyValueAsync("d", "1");
        using var client = ApiClient.For(emulator);

        var (all, _, response) = await ListAsync(client, "/labels?api-version=1.0");
        Assert.That(all, Is.EqualTo(new[] { null, "dev", "prod" }));
        Assert.That(response.Content.Headers.ContentType!.ToString(), Is.EqualTo("application/vnd.microsoft.appconfig.labelset+json; charset=utf-8"));
        Assert.That((await ListAsync(client, "/labels?api-version=1.0&name=p*")).Names, Is.EqualTo(new[] { "prod" }));
        Assert.That((await ListAsync(client, "/labels?api-version=1.0&name=%00,dev&$select=name")).Names, Is.EqualTo(new[] { null, "dev" }));
        response.Dispose();

        using var badSelect = await client.GetAsync("/labels?api-version=1.0&$select=value");
        Assert.That(badSelect.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }
}
