using System.Net;
using Microsoft.Extensions.Time.Testing;
using OpenFeatureAppConfig.Emulator.Tests.Support;

namespace OpenFeatureAppConfig.Emulator.Tests.Faults;

public class FaultInjectionTests
{
    private static readonly string ListPath = $"/kv?api-version={ApiClient.ApiVersion}";

    [Test]
    public async Task Faults_are_off_by_default()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        Assert.That(emulator.Faults.IsAnyActive, Is.False);
        using var client = ApiClient.For(emulator);
        for (var i = 0; i < 20; i++)
        {
            using var response = await client.GetAsync(ListPath);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
    }

    [Test]
    public async Task An_outage_answers_503_until_switched_off()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.For(emulator);
        emulator.Faults.Outage = true;
        using (var down = await client.GetAsync(ListPath))
        {
            Assert.That(down.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(down.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        }

        emulator.Faults.Outage = false;
        using var up = await client.GetAsync(ListPath);
        Assert.That(up.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Throttling_answers_429_with_retry_after_ms_and_the_service_body()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        emulator.Faults.ThrottleRate = 1;
        emulator.Faults.ThrottleRetryAfter = TimeSpan.FromMilliseconds(1500);
        using var client = ApiClient.For(emulator);
        using var response = await client.GetAsync(ListPath);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(response.Headers.GetValues("retry-after-ms").Single(), Is.EqualTo("1500"));
        Assert.That(response.Headers.RetryAfter!.Delta, Is.EqualTo(TimeSpan.FromSeconds(2)));
        var problem = await ApiClient.ReadJsonAsync(response);
        Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo("https://azconfig.io/errors/too-many-requests"));
        Assert.That(problem.GetProperty("policy").GetString(), Is.EqualTo("Total Requests"));
        Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo(429));
    }

    [Test]
    public async Task A_server_error_rate_of_one_fails_every_request_with_500_or_503()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        emulator.Faults.ServerErrorRate = 1;
        using var client = ApiClient.For(emulator);
        for (var i = 0; i < 10; i++)
        {
            using var response = await client.GetAsync(ListPath);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError).Or.EqualTo(HttpStatusCode.ServiceUnavailable));
        }

        emulator.Faults.Reset();
        using var healthy = await client.GetAsync(ListPath);
        Assert.That(healthy.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_dropped_connection_gives_the_client_no_answer()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        emulator.Faults.DropConnectionRate = 1;
        using var client = ApiClient.For(emulator);
        Assert.CatchAsync<HttpRequestException>(() => client.GetAsync(ListPath));

        emulator.Faults.DropConnectionRate = 0;
        using var response = await client.GetAsync(ListPath);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Latency_holds_the_answer_until_the_clock_has_moved_on()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await AppConfigurationEmulator.StartAsync(new AppConfigurationEmulatorOptions { TimeProvider = time });
        emulator.Faults.Latency = TimeSpan.FromMinutes(5);
        using var client = ApiClient.For(emulator);
        client.Signer!.Clock = time.GetUtcNow;

        var pending = client.GetAsync(ListPath);
        await WaitUntilAsync(() => time.GetUtcNow() > DateTimeOffset.MinValue && pending.IsCompleted == false);
        await Task.Delay(200);
        Assert.That(pending.IsCompleted, Is.False, "the answer waits for the latency");

        time.Advance(TimeSpan.FromMinutes(5));
        using var response = await pending;
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task FailWhen_limits_failures_to_matching_requests_such_as_the_second_page()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        for (var i = 0; i < 150; i++)
        {
            await emulator.SetKeyValueAsync($"k{i:D3}", "v");
        }

        emulator.Faults.FailWhen = request => request.IsNextPage;
        using var client = ApiClient.For(emulator);
        using var first = await client.GetAsync(ListPath);
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var next = (await ApiClient.ReadJsonAsync(first)).GetProperty("@nextLink").GetString()!;
        using var second = await client.GetAsync(next);
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));

        // With a rate switched on, FailWhen narrows that fault instead.
        emulator.Faults.ThrottleRate = 1;
        using var firstAgain = await client.GetAsync(ListPath);
        using var secondAgain = await client.GetAsync(next);
        Assert.That(firstAgain.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(secondAgain.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
    }

    [Test]
    public void Rates_outside_zero_to_one_are_refused()
    {
        var faults = new EmulatorFaults();
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.ServerErrorRate = 1.5);
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.ThrottleRate = -0.1);
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.Latency = TimeSpan.FromSeconds(-1));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(20);
        }
    }
}
