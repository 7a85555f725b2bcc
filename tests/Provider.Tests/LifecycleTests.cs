using OpenFeature.Constant;
using OpenFeature.Model;

namespace OpenFeatureAppConfig.Provider.Tests;

public sealed class LifecycleTests
{
    private const string Alpha = """{"id":"Alpha","enabled":true}""";
    private const string Beta = """{"id":"Beta","enabled":false}""";
    private const string Gamma = """{"id":"Gamma","enabled":true,"variants":[{"name":"V","configuration_value":"one"}],"allocation":{"default_when_enabled":"V"}}""";
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(10);

    [Test]
    public async Task An_evaluation_as_soon_as_the_change_is_announced_sees_the_change()
    {
        var (configuration, source) = ReloadableJsonConfiguration.Create(Flags.Json(Beta));
        var provider = new FeatureManagementProvider(configuration);
        var evaluated = new TaskCompletionSource();
        // Holds the reload between the callbacks registered before it and those registered after it, as a thread
        // preempted there would: whoever reacts to the reload must be ready before the change is announced.
        using var hold = configuration.GetReloadToken().RegisterChangeCallback(_ => evaluated.Task.Wait(EventTimeout), null);
        await provider.InitializeAsync(EvaluationContext.Empty);
        var events = provider.GetEventChannel().Reader;
        var before = await provider.ResolveBooleanValueAsync("Beta", true);

        var reload = Task.Run(() => source.SetJson(Flags.Json("""{"id":"Beta","enabled":true}""")));
        var changed = (ProviderEventPayload)await events.ReadAsync().AsTask().WaitAsync(EventTimeout);
        var after = await provider.ResolveBooleanValueAsync("Beta", false);
        evaluated.TrySetResult();
        await reload.WaitAsync(EventTimeout);

        Assert.Multiple(() =>
        {
            Assert.That(before.Value, Is.False);
            Assert.That(changed.FlagsChanged, Is.EqualTo(new[] { "Beta" }));
            Assert.That(after.Value, Is.True, "evaluated after the announcement, with the announced change");
        });
    }

    [Test]
    public async Task Initialize_waits_for_the_first_load_of_the_source()
    {
        var (configuration, source) = ReloadableJsonConfiguration.Create(Flags.Json(Alpha), loaded: false);
        var provider = new FeatureManagementProvider(configuration);

        var initialization = provider.InitializeAsync(EvaluationContext.Empty);
        await Task.Delay(100);
        var waitedWhileLoading = !initialization.IsCompleted;
        source.CompleteInitialLoad();
        await initialization.WaitAsync(EventTimeout);

        Assert.That(waitedWhileLoading, Is.True);
    }

    [Test]
    public async Task Initialize_gives_up_waiting_after_the_startup_timeout()
    {
        var (configuration, _) = ReloadableJsonConfiguration.Create(Flags.Json(Alpha), loaded: false);
        var provider = new FeatureManagementProvider(configuration, new FeatureManagementProviderOptions { StartupTimeout = TimeSpan.FromMilliseconds(50) });

        await provider.InitializeAsync(EvaluationContext.Empty).WaitAsync(EventTimeout);
        var result = await provider.ResolveBooleanValueAsync("Alpha", false);

        Assert.That(result.Value, Is.True);
    }

    [Test]
    public async Task A_reload_announces_exactly_the_changed_flags()
    {
        var (configuration, source) = ReloadableJsonConfiguration.Create(Flags.Json(Alpha, Beta, Gamma));
        var provider = new FeatureManagementProvider(configuration);
        await provider.InitializeAsync(EvaluationContext.Empty);
        var events = provider.GetEventChannel().Reader;

        // Beta flips, Gamma's variant value changes, Alpha moves position only, Delta is added.
        source.SetJson(Flags.Json(
            """{"id":"Beta","enabled":true}""",
            Alpha,
            Gamma.Replace("one", "two"),
            """{"id":"Delta","enabled":true}"""));
        var changed = (ProviderEventPayload)await events.ReadAsync().AsTask().WaitAsync(EventTimeout);

        // Removing Delta is one more change.
        source.SetJson(Flags.Json("""{"id":"Beta","enabled":true}""", Alpha, Gamma.Replace("one", "two")));
        var removed = (ProviderEventPayload)await events.ReadAsync().AsTask().WaitAsync(EventTimeout);

        var beta = await provider.ResolveBooleanValueAsync("Beta", false);
        var gamma = await provider.ResolveStringValueAsync("Gamma", "d");
        var delta = await provider.ResolveBooleanValueAsync("Delta", false);

        Assert.Multiple(() =>
        {
            Assert.That(changed.Type, Is.EqualTo(ProviderEventTypes.ProviderConfigurationChanged));
            Assert.That(changed.FlagsChanged, Is.EqualTo(new[] { "Beta", "Delta", "Gamma" }));
            Assert.That(removed.FlagsChanged, Is.EqualTo(new[] { "Delta" }));
            Assert.That((beta.Value, gamma.Value, delta.ErrorType), Is.EqualTo((true, "two", ErrorType.FlagNotFound)));
        });
    }

    [Test]
    public async Task Rollout_reasons_are_announced_per_flag_and_only_when_new()
    {
        var (configuration, source) = ReloadableJsonConfiguration.Create(Flags.Json(Alpha, Beta));
        var provider = new FeatureManagementProvider(configuration);
        await provider.InitializeAsync(EvaluationContext.Empty);
        var events = provider.GetEventChannel().Reader;
        static string Rolled(string id, string reason, string description = "") =>
            $$$$"""{"id":"{{{{id}}}}","description":"{{{{description}}}}","enabled":false,"telemetry":{"metadata":{"RolloutReason":"{{{{reason}}}}"}}}""";

        source.SetJson(Flags.Json(Rolled("Alpha", "guard tripped: 9 %"), Rolled("Beta", "stage 2 of 4 due: 5 %")));
        var both = (ProviderEventPayload)await events.ReadAsync().AsTask().WaitAsync(EventTimeout);

        // A person edits Beta afterwards: the reason left in the flag is not this edit's cause.
        source.SetJson(Flags.Json(Rolled("Alpha", "guard tripped: 9 %"), Rolled("Beta", "stage 2 of 4 due: 5 %", "edited")));
        var edited = (ProviderEventPayload)await events.ReadAsync().AsTask().WaitAsync(EventTimeout);

        Assert.Multiple(() =>
        {
            Assert.That(both.FlagsChanged, Is.EqualTo(new[] { "Alpha", "Beta" }));
            Assert.That(both.EventMetadata?.GetString("rollout.reason.Alpha"), Is.EqualTo("guard tripped: 9 %"));
            Assert.That(both.EventMetadata?.GetString("rollout.reason.Beta"), Is.EqualTo("stage 2 of 4 due: 5 %"));
            Assert.That(both.EventMetadata?.GetString("rollout.reason"), Is.Null, "no single reason for two flags");
            Assert.That(edited.FlagsChanged, Is.EqualTo(new[] { "Beta" }));
            Assert.That(edited.EventMetadata, Is.Null);
            Assert.That(edited.Message, Is.EqualTo("1 flag(s) changed."));
        });
    }

    [Test]
    public async Task A_reload_without_changes_announces_nothing()
    {
        var (configuration, source) = ReloadableJsonConfiguration.Create(Flags.Json(Alpha, Beta));
        var provider = new FeatureManagementProvider(configuration);
        await provider.InitializeAsync(EvaluationContext.Empty);
        var events = provider.GetEventChannel().Reader;

        source.SetJson(Flags.Json(Beta, Alpha));
        source.SetJson(Flags.Json(Alpha, """{"id":"Beta","enabled":true}"""));
        var next = (ProviderEventPayload)await events.ReadAsync().AsTask().WaitAsync(EventTimeout);

        // The first event is the second reload's: the first reload changed nothing.
        Assert.That(next.FlagsChanged, Is.EqualTo(new[] { "Beta" }));
    }

    [Test]
    public async Task A_stale_source_makes_the_provider_stale_until_it_recovers()
    {
        var (configuration, source) = ReloadableJsonConfiguration.Create(Flags.Json(Alpha));
        var provider = new FeatureManagementProvider(configuration);
        await provider.InitializeAsync(EvaluationContext.Empty);
        var events = provider.GetEventChannel().Reader;

        source.SetStale(true, "store unreachable: 503");
        var stale = (ProviderEventPayload)await events.ReadAsync().AsTask().WaitAsync(EventTimeout);
        var whileStale = await provider.ResolveBooleanValueAsync("Alpha", false);
        source.SetStale(false);
        var ready = (ProviderEventPayload)await events.ReadAsync().AsTask().WaitAsync(EventTimeout);

        Assert.Multiple(() =>
        {
            Assert.That((stale.Type, stale.Message), Is.EqualTo((ProviderEventTypes.ProviderStale, "store unreachable: 503")));
            Assert.That(whileStale.Value, Is.True, "stale data is still served");
            Assert.That(ready.Type, Is.EqualTo(ProviderEventTypes.ProviderReady));
        });
    }

    [Test]
    public async Task Shutdown_detaches_from_reloads_and_status()
    {
        var (configuration, source) = ReloadableJsonConfiguration.Create(Flags.Json(Alpha));
        var provider = new FeatureManagementProvider(configuration);
        await provider.InitializeAsync(EvaluationContext.Empty);
        var events = provider.GetEventChannel().Reader;

        await provider.ShutdownAsync();
        source.SetJson(Flags.Json("""{"id":"Alpha","enabled":false}"""));
        source.SetStale(true, "down");
        await Task.Delay(200);

        Assert.That(events.TryRead(out _), Is.False);

        // A new initialization follows reloads again.
        await provider.InitializeAsync(EvaluationContext.Empty);
        var staleAgain = (ProviderEventPayload)await events.ReadAsync().AsTask().WaitAsync(EventTimeout);
        source.SetJson(Flags.Json("""{"id":"Alpha","enabled":true}"""));
        var changed = (ProviderEventPayload)await events.ReadAsync().AsTask().WaitAsync(EventTimeout);

        Assert.Multiple(() =>
        {
            Assert.That(staleAgain.Type, Is.EqualTo(ProviderEventTypes.ProviderStale));
            Assert.That(changed.FlagsChanged, Is.EqualTo(new[] { "Alpha" }));
        });
    }
}
