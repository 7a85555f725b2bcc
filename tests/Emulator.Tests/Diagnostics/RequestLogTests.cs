using System.Net;
using OpenFeatureAppConfig.Emulator.Tests.Support;

namespace OpenFeatureAppConfig.Emulator.Tests.Diagnostics;

public class RequestLogTests
{
    [Test]
    public async Task Every_answered_request_is_recorded_with_status_and_body_size()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.For(emulator);
        await client.PutOkAsync("k", "v");
        using var list = await client.GetAsync("/kv?api-version=1.0");
        var listBytes = (await list.Content.ReadAsByteArrayAsync()).Length;
        using var notModified = await client.GetAsync("/kv?api-version=1.0", r => r.Headers.IfNoneMatch.Add(list.Headers.ETag!));
        Assert.That(notModified.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        using var head = await client.SendAsync(HttpMethod.Head, "/kv?api-version=1.0");

        var log = emulator.Requests.Snapshot();
        Assert.That(emulator.Requests.Count, Is.EqualTo(4));
        Assert.That(log.Select(r => (r.Method, r.StatusCode)), Is.EqualTo(new[] { ("PUT", 200), ("GET", 200), ("GET", 304), ("HEAD", 200) }));
        Assert.That(log[0].PathAndQuery, Is.EqualTo("/kv/k?api-version=" + ApiClient.ApiVersion));
        Assert.That(log[1].ResponseBodyBytes, Is.EqualTo(listBytes));
        Assert.That(log[2].ResponseBodyBytes, Is.Zero);
        Assert.That(log[3].ResponseBodyBytes, Is.Zero);
        Assert.That(log[2].RequestHeaders["If-None-Match"], Is.EqualTo(list.Headers.ETag!.Tag));
        Assert.That(log[0].RequestHeaders["Authorization"], Is.EqualTo("HMAC-SHA256"), "secrets are not kept");

        emulator.Requests.Clear();
        Assert.That(emulator.Requests.Count, Is.Zero);
    }

    [Test]
    public async Task Refused_and_dropped_requests_are_recorded_too()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var anonymous = ApiClient.Anonymous(emulator);
        using var refused = await anonymous.GetAsync("/kv?api-version=1.0");
        emulator.Faults.DropConnectionRate = 1;
        Assert.CatchAsync<HttpRequestException>(() => anonymous.GetAsync("/kv?api-version=1.0"));

        var log = emulator.Requests.Snapshot();
        Assert.That(log[0].StatusCode, Is.EqualTo(401));
        Assert.That(log, Has.Count.EqualTo(2));
        Assert.That(log[1].Aborted, Is.True);
    }
}
