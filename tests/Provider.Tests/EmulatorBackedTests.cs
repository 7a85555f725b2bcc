using Azure.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.Time.Testing;
using OpenFeature.Constant;
using OpenFeature.Model;
using OpenFeatureAppConfig.AppConfiguration;
using OpenFeatureAppConfig.Emulator;

namespace OpenFeatureAppConfig.Provider.Tests;

/// <summary>
/// The provider over flags stored in App Configuration (the in-process emulator over loopback) and loaded by our
/// configuration source: evaluation, change events after a refresh, staleness while the store is down.
/// </summary>
public sealed class EmulatorBackedTests
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(10);
    private AppConfigurationEmulator _emulator = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _emulator = await AppConfigurationEmulator.StartAsync();
        await _emulator.SetFeatureFlagAsync("""
            {"id":"Beta","description":"New checkout","enabled":true,"conditions":{"client_filters":[{"name":"Microsoft.Targeting","parameters":{"Audience":{"Users":["alice"],"Groups":[{"Name":"staff","RolloutPercentage":100}],"DefaultRolloutPercentage":0}}}]}}
            """);
        await _emulator.SetFeatureFlagAsync("""
            {"id":"Color","enabled":true,"variants":[{"name":"Red","configuration_value":"red"},{"name":"Blue","configuration_value":"blue"}],
             "allocation":{"default_when_enabled":"Red","user":[{"variant":"Blue","users":["alice"]}]},"telemetry":{"enabled":true}}
            """);
        await _emulator.SetFeatureFlagAsync("""{"id":"Quiet","enabled":false}""");
    }

    [TearDown]
    public async Task StopAsync() => await _emulator.DisposeAsync();

    [Test]
    public async Task Flags_from_the_store_evaluate_with_reason_variant_and_etag()
    {
        var (configuration, _, _) = Connect();
        var provider = new FeatureManagementProvider(configuration);
        await provider.InitializeAsync(EvaluationContext.Empty);

        var alice = EvaluationContext.Builder().SetTargetingKey("alice").Build();
        var beta = await provider.ResolveBooleanValueAsync("Beta", false, alice);
        var staff = await provider.ResolveBooleanValueAsync("Beta", false, Flags.User("bob", "staff"));
        var color = await provider.ResolveStringValueAsync("Color", "none", alice);
        var quiet = await provider.ResolveBooleanValueAsync("Quiet", true);

        Assert.Multiple(() =>
        {
            Assert.That((beta.Value, beta.Reason), Is.EqualTo((true, Reason.TargetingMatch)));
            Assert.That(staff.Value, Is.True);
            Assert.That((color.Value, color.Variant, color.Reason), Is.EqualTo(("blue", "Blue", Reason.TargetingMatch)));
            Assert.That(color.FlagMetadata!.GetString(FlagMetadataKeys.ETag), Is.Not.Null.And.Not.Empty, "the source adds the ETag when telemetry is on");
            Assert.That((quiet.Value, quiet.Reason), Is.EqualTo((false, Reason.Disabled)));
        });
    }

    [Test]
    public async Task A_flag_toggled_in_the_store_is_announced_after_the_refresh()
    {
        var (configuration, refresher, clock) = Connect();
        var provider = new FeatureManagementProvider(configuration);
        await provider.InitializeAsync(EvaluationContext.Empty);
        var events = provider.GetEventChannel().Reader;

        await _emulator.SetFeatureFlagAsync("""{"id":"Quiet","enabled":true}""");
        var changed = await NextChangeAsync(events, refresher, clock);
        var quiet = await provider.ResolveBooleanValueAsync("Quiet", false);

        Assert.Multiple(() =>
        {
            Assert.That(changed.Type, Is.EqualTo(ProviderEventTypes.ProviderConfigurationChanged));
            Assert.That(changed.FlagsChanged, Is.EqualTo(new[] { "Quiet" }));
            Assert.That((quiet.Value, quiet.Reason), Is.EqualTo((true, Reason.Static)));
        });
    }

    [Test]
    public async Task A_rollouts_roll_back_is_announced_on_the_instance_with_its_reason()
    {
        var (configuration, refresher, clock) = Connect();
        var provider = new FeatureManagementProvider(configuration);
        await provider.InitializeAsync(EvaluationContext.Empty);
        var events = provider.GetEventChannel().Reader;

        // What the rollout executor writes when a guard trips: 0 %, with the reason in the flag's telemetry metadata
        // (telemetry itself stays off).
        const string Reason = "guard 'errors' tripped: error rate 7.5 % vs 1.2 % (1,500 requests); rolled back to 0 % and paused";
        await _emulator.SetFeatureFlagAsync("""
            {"id":"Beta","enabled":true,"conditions":{"client_filters":[{"name":"Microsoft.Targeting","parameters":{"Audience":{"Users":[],"Groups":[],"DefaultRolloutPercentage":0}}}]},
             "telemetry":{"metadata":{"RolloutReason":"REASON"}}}
            """.Replace("REASON", Reason, StringComparison.Ordinal));
        var rolledBack = await NextChangeAsync(events, refresher, clock);

        Assert.Multiple(() =>
        {
            Assert.That(rolledBack.Type, Is.EqualTo(ProviderEventTypes.ProviderConfigurationChanged));
            Assert.That(rolledBack.FlagsChanged, Is.EqualTo(new[] { "Beta" }));
            Assert.That(rolledBack.EventMetadata?.GetString("rollout.reason"), Is.EqualTo(Reason));
            Assert.That(rolledBack.EventMetadata?.GetString("rollout.reason.Beta"), Is.EqualTo(Reason));
            Assert.That(rolledBack.Message, Does.Contain(Reason));
        });
    }

    [Test]
    public async Task Rollout_reasons_in_the_event_are_bounded_whatever_the_flag_holds()
    {
        var (configuration, refresher, clock) = Connect();
        var provider = new FeatureManagementProvider(configuration);
        await provider.InitializeAsync(EvaluationContext.Empty);
        var events = provider.GetEventChannel().Reader;

        await _emulator.SetFeatureFlagAsync("""{"id":"Quiet","enabled":false,"telemetry":{"metadata":{"RolloutReason":"REASON"}}}""".Replace("REASON", new string('x', 100_000), StringComparison.Ordinal));
        var changed = await NextChangeAsync(events, refresher, clock);

        Assert.That(changed.EventMetadata?.GetString("rollout.reason"), Has.Length.EqualTo(256).And.EndWith("…"));
        Assert.That(changed.Message, Has.Length.LessThan(400));
    }

    [Test]
    public async Task An_edit_of_the_description_alone_is_announced_and_the_metadata_follows_the_store()
    {
        var (configuration, refresher, clock) = Connect();
        var provider = new FeatureManagementProvider(configuration);
        await provider.InitializeAsync(EvaluationContext.Empty);
        var events = provider.GetEventChannel().Reader;

        await _emulator.SetFeatureFlagAsync("""{"id":"Quiet","description":"Mutes the shop","display_name":"Quiet mode","enabled":true}""");
        var first = await NextChangeAsync(events, refresher, clock);
        var described = await provider.ResolveBooleanValueAsync("Quiet", false);

        // The second edit takes the description and display name away, nothing else.
        await _emulator.SetFeatureFlagAsync("""{"id":"Quiet","enabled":true}""");
        var second = await NextChangeAsync(events, refresher, clock);
        var plain = await provider.ResolveBooleanValueAsync("Quiet", false);

        Assert.Multiple(() =>
        {
            Assert.That(first.FlagsChanged, Is.EqualTo(new[] { "Quiet" }));
            Assert.That(described.FlagMetadata?.GetString(FlagMetadataKeys.Description), Is.EqualTo("Mutes the shop"));
            Assert.That(described.FlagMetadata?.GetString(FlagMetadataKeys.DisplayName), Is.EqualTo("Quiet mode"));
            Assert.That(second.FlagsChanged, Is.EqualTo(new[] { "Quiet" }));
            Assert.That(plain.Value, Is.True);
            Assert.That(plain.FlagMetadata?.GetString(FlagMetadataKeys.Description), Is.Null);
            Assert.That(plain.FlagMetadata?.GetString(FlagMetadataKeys.DisplayName), Is.Null);
        });
    }

    private static async Task<ProviderEventPayload> NextChangeAsync(
        System.Threading.Channels.ChannelReader<object> events, IConfigurationRefresher refresher, FakeTimeProvider clock)
    {
        // Past the interval and any jitter of the next refresh time.
        clock.Advance(RefreshInterval * 2);
        await refresher.RefreshAsync();
        return (ProviderEventPayload)await events.ReadAsync().AsTask().WaitAsync(EventTimeout);
    }

    [Test]
    public async Task An_unreachable_store_makes_the_provider_stale_and_its_return_ready()
    {
        var (configuration, refresher, clock) = Connect();
        var status = new RefresherStatus(refresher);
        var provider = new FeatureManagementProvider(configuration, new FeatureManagementProviderOptions { SourceStatus = status });
        await provider.InitializeAsync(EvaluationContext.Empty);
        var events = provider.GetEventChannel().Reader;

        _emulator.Faults.Outage = true;
        clock.Advance(RefreshInterval + TimeSpan.FromSeconds(1));
        var refreshed = await refresher.TryRefreshAsync();
        status.Refreshed();
        var stale = (ProviderEventPayload)await events.ReadAsync().AsTask().WaitAsync(EventTimeout);
        var whileDown = await provider.ResolveBooleanValueAsync("Beta", false, EvaluationContext.Builder().SetTargetingKey("alice").Build());

        _emulator.Faults.Reset();
        clock.Advance(TimeSpan.FromMinutes(11));
        await refresher.RefreshAsync();
        status.Refreshed();
        var ready = (ProviderEventPayload)await events.ReadAsync().AsTask().WaitAsync(EventTimeout);

        Assert.Multiple(() =>
        {
            Assert.That(refreshed, Is.False);
            Assert.That(stale.Type, Is.EqualTo(ProviderEventTypes.ProviderStale));
            Assert.That(stale.Message, Is.Not.Empty);
            Assert.That(whileDown.Value, Is.True, "the last good snapshot is still served");
            Assert.That(ready.Type, Is.EqualTo(ProviderEventTypes.ProviderReady));
        });
    }

    private (IConfigurationRoot Configuration, IConfigurationRefresher Refresher, FakeTimeProvider Clock) Connect()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        AzureAppConfigurationOptions? options = null;
        var configuration = new ConfigurationBuilder()
            .AddAzureAppConfiguration(o =>
            {
                options = o;
                o.Connect(_emulator.ConnectionString)
                    .ConfigureClientOptions(c =>
                    {
                        c.Retry.Mode = RetryMode.Fixed;
                        c.Retry.Delay = TimeSpan.FromMilliseconds(10);
                        c.Retry.MaxRetries = 1;
                    })
                    .UseFeatureFlags(f => f.SetRefreshInterval(RefreshInterval));
                o.TimeProvider = clock;
            })
            .Build();
        return (configuration, options!.GetRefresher(), clock);
    }

    /// <summary>
    /// Bridges our App Configuration source's status to the provider: what a hosting layer does after each refresh.
    /// </summary>
    private sealed class RefresherStatus(IConfigurationRefresher refresher) : IFeatureFlagSourceStatus
    {
        private CancellationTokenSource _changed = new();

        public bool IsStale => refresher.Status.State == AppConfigurationSourceState.Stale;

        public string? StaleReason => refresher.Status.LastError;

        public IChangeToken GetStatusChangeToken() => new CancellationChangeToken(_changed.Token);

        public Task WaitForInitialLoadAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Refreshed() => Interlocked.Exchange(ref _changed, new CancellationTokenSource()).Cancel();
    }
}
