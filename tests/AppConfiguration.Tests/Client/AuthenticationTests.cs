using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using Azure;
using Azure.Core;
using Azure.Core.Diagnostics;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Time.Testing;
using OpenFeatureAppConfig.AppConfiguration;
using OpenFeatureAppConfig.Emulator;

namespace OpenFeatureAppConfig.AppConfiguration.Tests.Client;

public class AuthenticationTests
{
    private AppConfigurationEmulator _emulator = null!;

    [SetUp]
    public async Task StartAsync() => _emulator = await TestStore.StartAsync(new AppConfigurationEmulatorOptions { AcceptTestTokens = true });

    [TearDown]
    public async Task StopAsync() => await _emulator.DisposeAsync();

    [Test]
    public async Task Request_changed_after_signing_is_rejected()
    {
        var options = TestStore.FastRetries();
        options.AddPolicy(new TamperPolicy(), HttpPipelinePosition.BeforeTransport);
        var client = new AppConfigurationClient(_emulator.ConnectionString, options);
        await _emulator.SetKeyValueAsync("K", "v");

        var e = Assert.ThrowsAsync<RequestFailedException>(() => client.GetConfigurationSettingAsync("K"))!;

        Assert.That(e.Status, Is.EqualTo(401));
        Assert.That(e.Message, Does.Not.Contain(TestStore.SecretOf(_emulator.ConnectionString)));
    }

    [Test]
    public void Wrong_secret_is_rejected()
    {
        var wrong = _emulator.ConnectionString.Replace(TestStore.SecretOf(_emulator.ConnectionString), Convert.ToBase64String(new byte[32]), StringComparison.Ordinal);
        var client = new AppConfigurationClient(wrong, TestStore.FastRetries());

        var e = Assert.ThrowsAsync<RequestFailedException>(() => client.GetConfigurationSettingAsync("K"))!;

        Assert.That(e.Status, Is.EqualTo(401));
    }

    [Test]
    public void Clock_more_than_fifteen_minutes_off_is_rejected()
    {
        var options = TestStore.FastRetries();
        options.TimeProvider = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(20));
        var client = new AppConfigurationClient(_emulator.ConnectionString, options);

        var e = Assert.ThrowsAsync<RequestFailedException>(() => client.GetConfigurationSettingAsync("K"))!;

        Assert.That(e.Status, Is.EqualTo(401));
    }

    [Test]
    public async Task Bearer_token_from_a_credential_is_accepted()
    {
        await _emulator.SetKeyValueAsync("K", "v");
        var credential = new StaticTokenCredential(_emulator.IssueTestToken());
        var client = new AppConfigurationClient(_emulator.Endpoint, credential, TestStore.FastRetries());

        var setting = (await client.GetConfigurationSettingAsync("K")).Value;

        Assert.That(setting.Value, Is.EqualTo("v"));
        Assert.That(credential.Scopes, Is.All.EqualTo("https://appconfig.azure.com/.default"));
    }

    [Test]
    public async Task Audience_is_settable_for_sovereign_clouds()
    {
        var credential = new StaticTokenCredential(_emulator.IssueTestToken());
        var options = TestStore.FastRetries();
        options.Audience = "https://appconfig.azure.us/";
        var client = new AppConfigurationClient(_emulator.Endpoint, credential, options);
        await _emulator.SetKeyValueAsync("K", "v");

        await client.GetConfigurationSettingAsync("K");

        Assert.That(credential.Scopes, Is.EqualTo(new[] { "https://appconfig.azure.us/.default" }));
    }

    [Test]
    public async Task No_secret_or_signature_appears_in_Azure_Core_logs()
    {
        var secret = TestStore.SecretOf(_emulator.ConnectionString);
        var lines = new ConcurrentQueue<string>();
        using (new AzureEventSourceListener((e, message) => lines.Enqueue(message + " " + string.Join(" ", e.Payload ?? [])), EventLevel.Verbose))
        {
            var options = TestStore.FastRetries();
            options.Diagnostics.IsLoggingContentEnabled = true;
            var client = new AppConfigurationClient(_emulator.ConnectionString, options);
            await client.SetConfigurationSettingAsync(new ConfigurationSetting("K", "v"));
            Assert.ThrowsAsync<RequestFailedException>(() => client.AddConfigurationSettingAsync(new ConfigurationSetting("K", "v")));
        }

        var ours = lines.Where(l => l.Contains(_emulator.Endpoint.Authority, StringComparison.Ordinal)).ToList();
        Assert.That(ours, Is.Not.Empty, "the listener saw the requests");
        Assert.That(lines, Has.None.Contains(secret));
        Assert.That(lines, Has.None.Contains("Signature="));
    }

    /// <summary>Changes the query after the request was signed, as a man in the middle would.</summary>
    private sealed class TamperPolicy : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message) => message.Request.Uri.AppendQuery("label", "evil");
    }

    private sealed class StaticTokenCredential(string token) : TokenCredential
    {
        public ConcurrentQueue<string> Scopes { get; } = new();

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            foreach (var scope in requestContext.Scopes)
            {
                Scopes.Enqueue(scope);
            }

            return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
