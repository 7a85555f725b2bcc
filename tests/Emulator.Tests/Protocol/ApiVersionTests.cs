using System.Net;
using OpenFeatureAppConfig.Emulator.Tests.Support;

namespace OpenFeatureAppConfig.Emulator.Tests.Protocol;

public class ApiVersionTests
{
    [TestCase("1.0")]
    [TestCase("2023-10-01")]
    [TestCase("2023-11-01")]
    [TestCase("2024-09-01")]
    [TestCase("2026-04-01")]
    public async Task Every_supported_version_is_answered(string version)
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.For(emulator);
        foreach (var path in new[] { "/kv", "/keys", "/labels", "/revisions" })
        {
            using var response = await client.GetAsync($"{path}?api-version={version}");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        }
    }

    [TestCase("/kv", "API version is not specified")]
    [TestCase("/kv?api-version=", "API version is not specified")]
    [TestCase("/kv?api-version=2099-01-01", "Unsupported API version")]
    [TestCase("/keys?api-version=0.9", "Unsupported API version")]
    [TestCase("/kv/some-key", "API version is not specified")]
    public async Task A_missing_or_unknown_version_is_a_400_problem(string pathAndQuery, string title)
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.For(emulator);
        using var response = await client.GetAsync(pathAndQuery);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType!.ToString(), Is.EqualTo("application/problem+json; charset=utf-8"));
        var problem = await ApiClient.ReadJsonAsync(response);
        Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo("https://azconfig.io/errors/invalid-argument"));
        Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo(title));
        Assert.That(problem.GetProperty("name").GetString(), Is.EqualTo("api-version"));
        Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo(400));
    }

    [Test]
    public async Task Query_names_match_case_insensitively_in_any_order_and_dollar_may_be_escaped()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        await emulator.SetKeyValueAsync("a", "1");
        await emulator.SetKeyValueAsync("b", "2");
        using var client = ApiClient.For(emulator);

        using var response = await client.GetAsync("/kv?%24select=key&KEY=a&Api-Version=1.0");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var page = await ApiClient.ReadJsonAsync(response);
        var item = page.GetProperty("items").EnumerateArray().Single();
        Assert.That(item.GetProperty("key").GetString(), Is.EqualTo("a"));
        Assert.That(item.TryGetProperty("value", out _), Is.False);
    }
}
