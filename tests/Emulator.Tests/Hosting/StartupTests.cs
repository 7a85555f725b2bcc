using System.Net;
using OpenFeatureAppConfig.Emulator.Tests.Support;

namespace OpenFeatureAppConfig.Emulator.Tests.Hosting;

public class StartupTests
{
    [Test]
    public async Task StartAsync_listens_on_a_free_loopback_port_and_describes_itself()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();

        Assert.That(emulator.Endpoint.Host, Is.EqualTo("127.0.0.1"));
        Assert.That(emulator.Endpoint.Port, Is.GreaterThan(0));
        Assert.That(emulator.ConnectionString, Does.Match(@"^Endpoint=http://127\.0\.0\.1:\d+;Id=[^;]+;Secret=[A-Za-z0-9+/]+=*$"));
        Assert.That(emulator.ConnectionString, Does.StartWith($"Endpoint=http://127.0.0.1:{emulator.Endpoint.Port};"));
        Assert.That(emulator.ReadOnlyConnectionString, Is.Not.EqualTo(emulator.ConnectionString));

        using var client = ApiClient.For(emulator);
        using var response = await client.GetAsync($"/kv?api-version={ApiClient.ApiVersion}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Two_emulators_run_side_by_side_with_separate_stores_and_keys()
    {
        await using var first = await AppConfigurationEmulator.StartAsync();
        await using var second = await AppConfigurationEmulator.StartAsync();
        await first.SetKeyValueAsync("only-in-first", "1");

        Assert.That(second.Endpoint.Port, Is.Not.EqualTo(first.Endpoint.Port));
        using var client = ApiClient.For(second);
        using var response = await client.GetAsync(ApiClient.KeyPath("only-in-first"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        using var wrongStore = ApiClient.For(second, first.ConnectionString.Replace(first.Endpoint.Port.ToString(), second.Endpoint.Port.ToString()));
        using var refused = await wrongStore.GetAsync($"/kv?api-version={ApiClient.ApiVersion}");
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Dispose_stops_the_server()
    {
        var emulator = await AppConfigurationEmulator.StartAsync();
        var endpoint = emulator.Endpoint;
        await emulator.DisposeAsync();

        using var http = new HttpClient { BaseAddress = endpoint };
        Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("/kv?api-version=1.0"));
    }

    [Test]
    public async Task A_taken_port_is_a_clear_error()
    {
        await using var first = await AppConfigurationEmulator.StartAsync();
        var error = Assert.CatchAsync<IOException>(() => AppConfigurationEmulator.StartAsync(new AppConfigurationEmulatorOptions { Port = first.Endpoint.Port }));
        Assert.That(error!.Message, Does.Contain(first.Endpoint.Port.ToString()));
    }

    [Test]
    public async Task Seeding_helpers_write_through_the_same_rules_as_the_api()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        await emulator.SetKeyValueAsync("app:color", "blue", "prod", "text/plain", new Dictionary<string, string?> { ["team"] = "web" });
        await emulator.SetFeatureFlagAsync("""{"id":"Beta","enabled":true}""");

        using var client = ApiClient.For(emulator);
        using var kv = await client.GetAsync(ApiClient.KeyPath("app:color", "prod"));
        var item = await ApiClient.ReadJsonAsync(kv);
        Assert.That(item.GetProperty("value").GetString(), Is.EqualTo("blue"));
        Assert.That(item.GetProperty("content_type").GetString(), Is.EqualTo("text/plain"));
        Assert.That(item.GetProperty("tags").GetProperty("team").GetString(), Is.EqualTo("web"));

        using var flag = await client.GetAsync(ApiClient.KeyPath(".appconfig.featureflag/Beta"));
        var flagItem = await ApiClient.ReadJsonAsync(flag);
        Assert.That(flagItem.GetProperty("content_type").GetString(), Is.EqualTo("application/vnd.microsoft.appconfig.ff+json;charset=utf-8"));

        var invalid = Assert.ThrowsAsync<ArgumentException>(() => emulator.SetFeatureFlagAsync("""{"id":"Bad","enabled":"yes"}"""));
        Assert.That(invalid!.Message, Does.Contain("enabled"));
        Assert.ThrowsAsync<ArgumentException>(() => emulator.SetKeyValueAsync("..", "x"));

        await emulator.DeleteKeyValueAsync("app:color", "prod");
        using var gone = await client.GetAsync(ApiClient.KeyPath("app:color", "prod"));
        Assert.That(gone.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Localhost_is_served_on_ipv4_loopback_and_named_in_the_endpoint()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync(new AppConfigurationEmulatorOptions { Host = "localhost" });
        Assert.That(emulator.Endpoint.Host, Is.EqualTo("localhost"));
        using var client = ApiClient.For(emulator);
        using var response = await client.GetAsync("/kv?api-version=1.0");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public void Bad_options_are_refused_before_anything_starts()
    {
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => AppConfigurationEmulator.StartAsync(new AppConfigurationEmulatorOptions { Port = 70000 }));
        Assert.ThrowsAsync<ArgumentException>(() => AppConfigurationEmulator.StartAsync(new AppConfigurationEmulatorOptions { Host = "not an address" }));
    }
}
