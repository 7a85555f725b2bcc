using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using OpenFeatureAppConfig.Emulator.Auth;
using OpenFeatureAppConfig.Emulator.Tests.Support;

namespace OpenFeatureAppConfig.Emulator.Tests.Auth;

public class BearerTokenTests
{
    private static readonly string ListPath = $"/kv?api-version={ApiClient.ApiVersion}";

    [Test]
    public async Task An_issued_test_token_reads_and_writes_when_test_tokens_are_accepted()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync(new AppConfigurationEmulatorOptions { AcceptTestTokens = true });
        using var client = ApiClient.Anonymous(emulator);
        client.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", emulator.IssueTestToken());

        using var put = await client.PutAsync("k", "v");
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var get = await client.GetAsync(ListPath);
        Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Tokens_are_refused_unless_the_mode_is_on()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.Anonymous(emulator);
        client.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", emulator.IssueTestToken());
        using var response = await client.GetAsync(ListPath);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.WwwAuthenticate.ToString(), Does.StartWith("Bearer"));
    }

    [Test]
    public async Task An_expired_or_tampered_or_foreign_token_is_401()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync(new AppConfigurationEmulatorOptions { AcceptTestTokens = true });
        await using var other = await AppConfigurationEmulator.StartAsync(new AppConfigurationEmulatorOptions { AcceptTestTokens = true });
        var good = emulator.IssueTestToken();
        var parts = good.Split('.');
        var forged = parts[0] + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes("""{"iss":"https://evil/","aud":"https://appconfig.azure.com","exp":99999999999}""")) + "." + parts[2];
        var cases = new Dictionary<string, string>
        {
            ["expired"] = emulator.IssueTestToken(TimeSpan.FromSeconds(-5)),
            ["signature"] = forged,
            ["foreign"] = other.IssueTestToken(),
            ["garbage"] = "not-a-jwt",
        };

        foreach (var (name, token) in cases)
        {
            using var client = ApiClient.Anonymous(emulator);
            client.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.GetAsync(ListPath);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), name);
            Assert.That(response.Headers.WwwAuthenticate.ToString(), Does.Contain("invalid_token"), name);
        }
    }

    [Test]
    public void Validation_checks_issuer_audience_and_expiry()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
        var keys = AccessKeySet.CreateRandom();
        var tokens = new TestTokens(keys, time);
        var token = tokens.Issue(TimeSpan.FromMinutes(10));

        Assert.DoesNotThrow(() => tokens.Validate(token));
        time.Advance(TimeSpan.FromMinutes(11));
        Assert.That(Assert.Throws<AuthenticationFailure>(() => tokens.Validate(token))!.Description, Does.Contain("expired"));

        var wrongIssuer = TestJwt.SignWith(keys.TokenSigningKey, """{"iss":"https://someone-else/","aud":"https://appconfig.azure.com","exp":4102444800}""");
        Assert.That(Assert.Throws<AuthenticationFailure>(() => tokens.Validate(wrongIssuer))!.Description, Does.Contain("issuer"));

        var wrongAudience = TestJwt.SignWith(keys.TokenSigningKey, $$"""{"iss":"{{TestTokens.Issuer}}","aud":"https://vault.azure.net","exp":4102444800}""");
        Assert.That(Assert.Throws<AuthenticationFailure>(() => tokens.Validate(wrongAudience))!.Description, Does.Contain("audience"));

        var arrayAudience = TestJwt.SignWith(keys.TokenSigningKey, $$"""{"iss":"{{TestTokens.Issuer}}","aud":["x","https://appconfig.azure.com/"],"exp":4102444800}""");
        Assert.DoesNotThrow(() => tokens.Validate(arrayAudience));
    }
}
