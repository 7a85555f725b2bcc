using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OpenFeatureAppConfig.Emulator.Tests.Support;

namespace OpenFeatureAppConfig.Emulator.Tests.Protocol;

/// <summary>Hostile input gets a 4xx naming what is wrong, never a 500, and a refused write changes nothing.</summary>
public class BadInputTests
{
    [Test]
    public async Task A_non_ASCII_client_request_id_is_a_400_and_the_write_is_not_applied()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.WithUtf8Headers(emulator, emulator.ConnectionString);
        using var response = await client.PutAsync("k", "v", configure: r => r.Headers.TryAddWithoutValidation("x-ms-client-request-id", "réq-ü-1"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        Assert.That((await ApiClient.ReadJsonAsync(response)).GetProperty("name").GetString(), Is.EqualTo("x-ms-client-request-id"));
        Assert.That(response.Headers.Contains("x-ms-client-request-id"), Is.False, "an invalid id is not echoed");
        using var after = await ApiClient.For(emulator).GetAsync(ApiClient.KeyPath("k"));
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the refused write was not applied");
    }

    [Test]
    public async Task A_non_ASCII_credential_is_a_401_whose_challenge_stays_ASCII()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.WithUtf8Headers(emulator, emulator.ConnectionString);
        client.Signer!.CredentialOverride = "emu-rw-ü\"é";
        using var response = await client.GetAsync($"/kv?api-version={ApiClient.ApiVersion}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var challenge = string.Join(", ", response.Headers.GetValues("WWW-Authenticate"));
        Assert.That(challenge, Does.Contain("Credential"));
        Assert.That(challenge.All(c => c is >= ' ' and <= '~'), Is.True, challenge);
    }

    [TestCase("""{"value":"\ud800"}""", "value")]
    [TestCase("""{"value":"ok","content_type":"\udfff x"}""", "content_type")]
    [TestCase("""{"value":"ok","tags":{"t":"\ud800"}}""", "tags.t")]
    [TestCase("""{"value":"ok","tags":{"\ud800":"v"}}""", "tags")]
    public async Task A_lone_surrogate_in_a_body_is_a_400_naming_the_field(string body, string field)
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.For(emulator);
        using var response = await client.SendAsync(HttpMethod.Put, ApiClient.KeyPath("k"), body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        Assert.That((await ApiClient.ReadJsonAsync(response)).GetProperty("name").GetString(), Is.EqualTo(field));
        using var after = await client.GetAsync(ApiClient.KeyPath("k"));
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Invalid_UTF8_in_a_body_is_a_400()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.For(emulator);
        using var response = await client.SendAsync(HttpMethod.Put, ApiClient.KeyPath("k"), configure: r =>
        {
            r.Content = new ByteArrayContent([.. "{\"value\":\""u8, 0xED, 0xA0, 0x80, .. "\"}"u8]);
            r.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
    }

    [TestCase("1.5")]
    [TestCase("1e400")]
    [TestCase("\"tomorrow\"")]
    [TestCase("null")]
    public async Task A_test_token_with_a_non_integer_exp_is_a_401(string exp)
    {
        using var folder = new TempFolder();
        await using var emulator = await AppConfigurationEmulator.StartAsync(new AppConfigurationEmulatorOptions { AcceptTestTokens = true, DataPath = folder.Path });
        var key = Convert.FromBase64String(JsonDocument.Parse(await File.ReadAllTextAsync(folder.File("access-keys.json"))).RootElement.GetProperty("TokenSigningKey").GetString()!);
        var token = TestJwt.SignWith(key, $$"""{"iss":"https://login.appconfig-emulator.test/","aud":"https://appconfig.azure.com","exp":{{exp}}}""");
        using var client = ApiClient.Anonymous(emulator);
        client.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.GetAsync($"/kv?api-version={ApiClient.ApiVersion}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.WwwAuthenticate.ToString(), Does.Contain("exp"));
    }

    [Test]
    public async Task An_unexpected_failure_is_a_generic_problem_500_without_internals()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        emulator.Faults.FailWhen = _ => throw new InvalidOperationException("boom at /very/secret/path/store.jsonl");
        using var client = ApiClient.For(emulator);
        using var response = await client.GetAsync($"/kv?api-version={ApiClient.ApiVersion}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(body, Does.Not.Contain("secret").And.Not.Contain("boom").And.Not.Contain("Exception"));
        Assert.That(JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32(), Is.EqualTo(500));
    }
}
