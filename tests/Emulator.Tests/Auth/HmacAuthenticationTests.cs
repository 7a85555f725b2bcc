using System.Net;
using System.Text;
using OpenFeatureAppConfig.Emulator.Tests.Support;

namespace OpenFeatureAppConfig.Emulator.Tests.Auth;

public class HmacAuthenticationTests
{
    private static readonly string ListPath = $"/kv?api-version={ApiClient.ApiVersion}";

    [Test]
    public async Task A_correctly_signed_request_is_accepted_with_host_including_the_port()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.For(emulator);
        using var response = await client.GetAsync(ListPath);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task The_Date_header_may_stand_in_for_x_ms_date()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.For(emulator);
        client.Signer!.DateHeader = "Date";
        using var response = await client.GetAsync(ListPath);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_wrong_secret_is_401_with_a_challenge()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.For(emulator);
        client.Signer!.SecretOverride = Encoding.ASCII.GetBytes("not the secret");
        using var response = await client.GetAsync(ListPath);
        await AssertUnauthorizedAsync(response, "Signature");
    }

    [Test]
    public async Task An_unknown_credential_is_401()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.For(emulator);
        client.Signer!.CredentialOverride = "someone-else";
        using var response = await client.GetAsync(ListPath);
        await AssertUnauthorizedAsync(response, "Credential");
    }

    [Test]
    public async Task A_tampered_body_is_401()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.For(emulator);
        client.Signer!.BodyAfterSigning = Encoding.UTF8.GetBytes("""{"value":"evil"}""");
        using var response = await client.PutAsync("k", "good");
        await AssertUnauthorizedAsync(response, "x-ms-content-sha256");
        Assert.That(emulator.Requests.Snapshot().Count(r => r.StatusCode == 200), Is.Zero);
    }

    [TestCase(16, HttpStatusCode.Unauthorized)]
    [TestCase(-16, HttpStatusCode.Unauthorized)]
    [TestCase(14, HttpStatusCode.OK)]
    [TestCase(-14, HttpStatusCode.OK)]
    public async Task The_request_date_must_be_within_15_minutes(int minutesOff, HttpStatusCode expected)
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.For(emulator);
        client.Signer!.Clock = () => DateTimeOffset.UtcNow.AddMinutes(minutesOff);
        using var response = await client.GetAsync(ListPath);
        Assert.That(response.StatusCode, Is.EqualTo(expected));
        if (expected == HttpStatusCode.Unauthorized)
        {
            await AssertUnauthorizedAsync(response, "expired");
        }
    }

    [Test]
    public async Task A_replayed_old_signed_Date_with_a_fresh_unsigned_x_ms_date_is_401()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.For(emulator);
        client.Signer!.DateHeader = "Date";
        client.Signer.Clock = () => DateTimeOffset.UtcNow.AddMinutes(-30);
        var fresh = DateTimeOffset.UtcNow.ToString("r", System.Globalization.CultureInfo.InvariantCulture);
        using var response = await client.GetAsync(ListPath, r => r.Headers.TryAddWithoutValidation("x-ms-date", fresh));
        await AssertUnauthorizedAsync(response, "expired");
    }

    [Test]
    public async Task An_unsigned_date_header_is_ignored_when_the_signed_one_is_valid()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.For(emulator);
        client.Signer!.DateHeader = "Date";
        using var response = await client.GetAsync(ListPath, r => r.Headers.TryAddWithoutValidation("x-ms-date", "not a date at all"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Signed_headers_must_include_host_and_the_content_hash()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.For(emulator);
        client.Signer!.SignedHeadersOverride = ["x-ms-date", "x-ms-content-sha256"];
        using var response = await client.GetAsync(ListPath);
        await AssertUnauthorizedAsync(response, "SignedHeaders");
    }

    [Test]
    public async Task A_signature_over_a_different_query_is_401()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.For(emulator);
        client.Signer!.UriAfterSigning = uri => new Uri(uri + "&key=a*");
        using var response = await client.GetAsync(ListPath);
        await AssertUnauthorizedAsync(response, "Signature");
    }

    [Test]
    public async Task No_credentials_is_401_unless_anonymous_access_was_asked_for()
    {
        await using var strict = await AppConfigurationEmulator.StartAsync();
        using var anonymousToStrict = ApiClient.Anonymous(strict);
        using var refused = await anonymousToStrict.GetAsync(ListPath);
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(refused.Headers.WwwAuthenticate.Select(h => h.Scheme), Does.Contain("HMAC-SHA256"));

        await using var open = await AppConfigurationEmulator.StartAsync(new AppConfigurationEmulatorOptions { AllowAnonymous = true });
        using var anonymous = ApiClient.Anonymous(open);
        using var put = await anonymous.PutAsync("k", "v");
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        // Credentials that are sent are still checked in anonymous mode.
        using var bad = ApiClient.For(open);
        bad.Signer!.SecretOverride = [1, 2, 3];
        using var badResponse = await bad.GetAsync(ListPath);
        Assert.That(badResponse.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task A_read_only_key_reads_but_every_write_is_403()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        await emulator.SetKeyValueAsync("k", "v");
        using var client = ApiClient.For(emulator, emulator.ReadOnlyConnectionString);

        using var read = await client.GetAsync(ApiClient.KeyPath("k"));
        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        using var put = await client.PutAsync("k", "changed");
        using var delete = await client.SendAsync(HttpMethod.Delete, ApiClient.KeyPath("k"));
        using var lockResponse = await client.SendAsync(HttpMethod.Put, ApiClient.KeyPath("k", resource: "locks"));
        using var unlock = await client.SendAsync(HttpMethod.Delete, ApiClient.KeyPath("k", resource: "locks"));
        foreach (var response in new[] { put, delete, lockResponse, unlock })
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), response.RequestMessage!.Method + " " + response.RequestMessage.RequestUri);
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        }

        using var after = await ApiClient.For(emulator).GetAsync(ApiClient.KeyPath("k"));
        Assert.That((await ApiClient.ReadJsonAsync(after)).GetProperty("value").GetString(), Is.EqualTo("v"));
    }

    private static async Task AssertUnauthorizedAsync(HttpResponseMessage response, string descriptionContains)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), await response.Content.ReadAsStringAsync());
        var challenge = string.Join(", ", response.Headers.GetValues("WWW-Authenticate"));
        Assert.That(challenge, Does.StartWith("HMAC-SHA256"));
        Assert.That(challenge, Does.Contain("error=\"invalid_token\""));
        Assert.That(challenge, Does.Contain(descriptionContains).IgnoreCase);
        Assert.That(response.Headers.Contains("Sync-Token"), Is.True);
    }
}
