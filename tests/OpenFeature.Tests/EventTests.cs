using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using OpenFeature.Constant;
using OpenFeature.Error;
using OpenFeature.Isolated;
using OpenFeature.Model;
using OpenFeature.Providers.Memory;
using OpenFeature.Tests.Support;

namespace OpenFeature.Tests;

/// <summary>Spec section 5 (events). Handlers may run on another thread, so tests wait for them.</summary>
public class EventTests
{
    [Test]
    public async Task Requirement_5_1_1_ProviderSignalsEventsWithDetails()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var provider = new TestProvider("emitter");
        await api.SetProviderAsync(provider);
        var probes = new Dictionary<ProviderEventTypes, EventProbe>();
        foreach (var type in new[] { ProviderEventTypes.ProviderError, ProviderEventTypes.ProviderStale, ProviderEventTypes.ProviderConfigurationChanged })
        {
            probes[type] = new EventProbe();
            api.AddHandler(type, probes[type].Handler);
        }

        await provider.EmitAsync(ProviderEventTypes.ProviderConfigurationChanged, flagsChanged: new List<string> { "a", "b" });
        await provider.EmitAsync(ProviderEventTypes.ProviderStale, message: "cache is old");
        await provider.EmitAsync(ProviderEventTypes.ProviderError, ErrorType.General, "lost connection");

        var changed = (await probes[ProviderEventTypes.ProviderConfigurationChanged].WaitForAsync(1))[0];
        var stale = (await probes[ProviderEventTypes.ProviderStale].WaitForAsync(1))[0];
        var error = (await probes[ProviderEventTypes.ProviderError].WaitForAsync(1))[0];
        Assert.That(changed?.Type, Is.EqualTo(ProviderEventTypes.ProviderConfigurationChanged));
        Assert.That(changed?.FlagsChanged, Is.EquivalentTo(new[] { "a", "b" }));
        Assert.That(stale?.Message, Is.EqualTo("cache is old"));
        Assert.That(error?.Message, Is.EqualTo("lost connection"));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_5_1_1_InMemoryProviderSignalsChangedFlags()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var provider = new InMemoryProvider(new Dictionary<string, Flag> { ["old"] = new Flag<bool>(new Dictionary<string, bool> { ["on"] = true }, "on") });
        await api.SetProviderAsync(provider);
        var changed = new EventProbe();
        api.AddHandler(ProviderEventTypes.ProviderConfigurationChanged, changed.Handler);

        await provider.UpdateFlagsAsync(new Dictionary<string, Flag> { ["new"] = new Flag<bool>(new Dictionary<string, bool> { ["off"] = false }, "off") });

        var payload = (await changed.WaitForAsync(1))[0];
        Assert.That(payload?.FlagsChanged, Does.Contain("new"));
        Assert.That(api.GetClient().ProviderStatus, Is.EqualTo(ProviderStatus.Ready), "a configuration change keeps the status");
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_5_1_2_ClientAndApiHandlersRunWhenTheProviderSignals()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var provider = new TestProvider("bound");
        await api.SetProviderAsync("domain", provider);
        var apiProbe = new EventProbe();
        var clientProbe = new EventProbe();
        api.AddHandler(ProviderEventTypes.ProviderStale, apiProbe.Handler);
        api.GetClient("domain").AddHandler(ProviderEventTypes.ProviderStale, clientProbe.Handler);

        await provider.EmitAsync(ProviderEventTypes.ProviderStale);

        await apiProbe.WaitForAsync(1);
        await clientProbe.WaitForAsync(1);
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_5_1_3_HandlersOfUnassociatedClientsDoNotRun()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var a = new TestProvider("provider-a");
        await api.SetProviderAsync("a", a);
        await api.SetProviderAsync("b", new TestProvider("provider-b"));
        var associated = new EventProbe();
        var unassociated = new EventProbe();
        var unboundDomain = new EventProbe();
        api.GetClient("a").AddHandler(ProviderEventTypes.ProviderStale, associated.Handler);
        api.GetClient("b").AddHandler(ProviderEventTypes.ProviderStale, unassociated.Handler);
        api.GetClient("unbound").AddHandler(ProviderEventTypes.ProviderStale, unboundDomain.Handler);

        await a.EmitAsync(ProviderEventTypes.ProviderStale);
        await associated.WaitForAsync(1);
        await EventProbe.SettleAsync();

        Assert.That(unassociated.Count, Is.Zero, "client of another domain");
        Assert.That(unboundDomain.Count, Is.Zero, "client that uses the default provider");

        var defaultProvider = new TestProvider("default-provider");
        await api.SetProviderAsync(defaultProvider);
        await defaultProvider.EmitAsync(ProviderEventTypes.ProviderStale);
        await unboundDomain.WaitForAsync(1);
        await EventProbe.SettleAsync();
        Assert.That(associated.Count, Is.EqualTo(1), "the default provider's event reached a client bound to its own provider");
        Assert.That(unassociated.Count, Is.Zero);
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_5_1_4_ErrorEventsCarryAnErrorMessage()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var errors = new EventProbe();
        api.AddHandler(ProviderEventTypes.ProviderError, errors.Handler);

        await api.SetFailingProviderAsync(new TestProvider { OnInitialize = (_, _) => throw new InvalidOperationException("vault unreachable") });

        var payload = (await errors.WaitForAsync(1))[0];
        Assert.That(payload?.Message, Does.Contain("vault unreachable"));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_5_1_5_ErrorEventsCarryAnErrorCode()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var errors = new EventProbe();
        api.AddHandler(ProviderEventTypes.ProviderError, errors.Handler);

        await api.SetFailingProviderAsync(new TestProvider { OnInitialize = (_, _) => throw new InvalidOperationException("unexpected") });
        await api.SetFailingProviderAsync(new TestProvider { OnInitialize = (_, _) => throw new ProviderFatalException("revoked") });

        var payloads = await errors.WaitForAsync(2);
        Assert.That(payloads[0]?.ErrorType, Is.EqualTo(ErrorType.General));
        Assert.That(payloads[1]?.ErrorType, Is.EqualTo(ErrorType.ProviderFatal));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_5_2_1_ClientAssociatesHandlersWithAnEventType()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var ready = new EventProbe("test-provider");
        var stale = new EventProbe();
        var client = api.GetClient("handlers");
        client.AddHandler(ProviderEventTypes.ProviderReady, ready.Handler);
        client.AddHandler(ProviderEventTypes.ProviderStale, stale.Handler);

        await api.SetProviderAsync("handlers", new TestProvider());

        await ready.WaitForAsync(1);
        await EventProbe.SettleAsync();
        Assert.That(stale.Count, Is.Zero);
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_5_2_2_ApiAssociatesHandlersWithAnEventType()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var ready = new EventProbe("test-provider");
        var error = new EventProbe();
        api.AddHandler(ProviderEventTypes.ProviderReady, ready.Handler);
        api.AddHandler(ProviderEventTypes.ProviderError, error.Handler);

        await api.SetProviderAsync("any-domain", new TestProvider());

        await ready.WaitForAsync(1);
        await EventProbe.SettleAsync();
        Assert.That(error.Count, Is.Zero);
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_5_2_3_EventDetailsNameTheProvider()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var ready = new EventProbe("named-provider");
        api.AddHandler(ProviderEventTypes.ProviderReady, ready.Handler);

        await api.SetProviderAsync(new TestProvider("named-provider"));

        Assert.That((await ready.WaitForAsync(1))[0]?.ProviderName, Is.EqualTo("named-provider"));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_5_2_4_HandlerReceivesEventDetails()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        ProviderEventPayload? received = null;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        EventHandlerDelegate handler = details =>
        {
            received = details;
            done.TrySetResult();
        };
        api.AddHandler(ProviderEventTypes.ProviderReady, handler);

        await api.SetProviderAsync(new TestProvider());

        await done.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(received, Is.Not.Null);
        Assert.That(received!.Type, Is.EqualTo(ProviderEventTypes.ProviderReady));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_5_2_5_ThrowingHandlerDoesNotStopTheOthers()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var logger = new RecordingLogger();
        api.SetLogger(logger);
        var before = new EventProbe("test-provider");
        var after = new EventProbe("test-provider");
        var clientLevel = new EventProbe("test-provider");
        api.AddHandler(ProviderEventTypes.ProviderReady, before.Handler);
        api.AddHandler(ProviderEventTypes.ProviderReady, _ => throw new InvalidOperationException("bad handler"));
        api.AddHandler(ProviderEventTypes.ProviderReady, after.Handler);
        var client = api.GetClient();
        client.AddHandler(ProviderEventTypes.ProviderReady, _ => throw new InvalidOperationException("bad client handler"));
        client.AddHandler(ProviderEventTypes.ProviderReady, clientLevel.Handler);

        await api.SetProviderAsync(new TestProvider());

        await before.WaitForAsync(1);
        await after.WaitForAsync(1);
        await clientLevel.WaitForAsync(1);
        Assert.That(logger.Entries.Where(e => e.Level >= LogLevel.Warning), Is.Not.Empty, "a failing handler is logged");
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_5_2_6_HandlersPersistAcrossProviderChanges()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        await api.SetProviderAsync(new TestProvider("first"));
        var apiProbe = new EventProbe();
        var clientProbe = new EventProbe();
        api.AddHandler(ProviderEventTypes.ProviderReady, apiProbe.Handler);
        api.GetClient().AddHandler(ProviderEventTypes.ProviderReady, clientProbe.Handler);
        await apiProbe.WaitForAsync(1);
        await clientProbe.WaitForAsync(1);

        await api.SetProviderAsync(new TestProvider("second"));

        var apiEvents = await apiProbe.WaitForAsync(2);
        var clientEvents = await clientProbe.WaitForAsync(2);
        Assert.That(apiEvents.Select(e => e?.ProviderName), Is.EqualTo(new[] { "first", "second" }));
        Assert.That(clientEvents.Select(e => e?.ProviderName), Is.EqualTo(new[] { "first", "second" }));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_5_2_7_ApiAndClientHandlersCanBeRemoved()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var removedApi = new EventProbe("test-provider");
        var removedClient = new EventProbe("test-provider");
        var kept = new EventProbe("test-provider");
        var client = api.GetClient();
        api.AddHandler(ProviderEventTypes.ProviderReady, removedApi.Handler);
        client.AddHandler(ProviderEventTypes.ProviderReady, removedClient.Handler);
        api.AddHandler(ProviderEventTypes.ProviderReady, kept.Handler);

        api.RemoveHandler(ProviderEventTypes.ProviderReady, removedApi.Handler);
        client.RemoveHandler(ProviderEventTypes.ProviderReady, removedClient.Handler);
        await api.SetProviderAsync(new TestProvider());

        await kept.WaitForAsync(1);
        await EventProbe.SettleAsync();
        Assert.That(removedApi.Count, Is.Zero);
        Assert.That(removedClient.Count, Is.Zero);
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_5_3_1_ReadyHandlersRunWhenInitializeSucceeds()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var ready = new EventProbe("fine");
        api.GetClient("d").AddHandler(ProviderEventTypes.ProviderReady, ready.Handler);

        await api.SetProviderAsync("d", new TestProvider("fine"));

        Assert.That((await ready.WaitForAsync(1))[0]?.Type, Is.EqualTo(ProviderEventTypes.ProviderReady));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_5_3_2_ErrorHandlersRunWhenInitializeFails()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var error = new EventProbe("failing");
        var ready = new EventProbe("failing");
        var client = api.GetClient("d");
        client.AddHandler(ProviderEventTypes.ProviderError, error.Handler);
        client.AddHandler(ProviderEventTypes.ProviderReady, ready.Handler);

        await api.SetFailingProviderAsync(new TestProvider("failing") { OnInitialize = (_, _) => throw new InvalidOperationException("nope") }, "d");

        Assert.That((await error.WaitForAsync(1))[0]?.Type, Is.EqualTo(ProviderEventTypes.ProviderError));
        await EventProbe.SettleAsync();
        Assert.That(ready.Count, Is.Zero);
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_5_3_3_HandlersAddedInTheMatchingStateRunImmediately()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        await api.SetProviderAsync(new TestProvider("ready-one"));
        var stale = new TestProvider("stale-one");
        await api.SetProviderAsync("stale", stale);
        await stale.EmitAsync(ProviderEventTypes.ProviderStale);
        await api.SetFailingProviderAsync(new TestProvider("broken-one") { OnInitialize = (_, _) => throw new InvalidOperationException("x") }, "broken");
        await WaitForStatusAsync(api.GetClient("stale"), ProviderStatus.Stale);

        var apiReady = new EventProbe();
        var clientReady = new EventProbe();
        var clientStale = new EventProbe();
        var clientError = new EventProbe();
        var notMatching = new EventProbe();
        api.AddHandler(ProviderEventTypes.ProviderReady, apiReady.Handler);
        api.GetClient().AddHandler(ProviderEventTypes.ProviderReady, clientReady.Handler);
        api.GetClient("stale").AddHandler(ProviderEventTypes.ProviderStale, clientStale.Handler);
        api.GetClient("broken").AddHandler(ProviderEventTypes.ProviderError, clientError.Handler);
        api.GetClient().AddHandler(ProviderEventTypes.ProviderError, notMatching.Handler);

        await apiReady.WaitForAsync(1);
        await clientReady.WaitForAsync(1);
        await clientStale.WaitForAsync(1);
        await clientError.WaitForAsync(1);
        await EventProbe.SettleAsync();
        Assert.That(notMatching.Count, Is.Zero);
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_5_3_5_StatusFollowsEventsAndIsUpdatedBeforeHandlersRun()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var provider = new TestProvider("spontaneous");
        await api.SetProviderAsync("d", provider);
        var client = api.GetClient("d");
        var seenInHandlers = new ConcurrentQueue<(ProviderEventTypes Type, ProviderStatus Status)>();
        var probe = new EventProbe { OnEvent = e => seenInHandlers.Enqueue((e!.Type, client.ProviderStatus)) };
        foreach (var type in new[] { ProviderEventTypes.ProviderStale, ProviderEventTypes.ProviderError, ProviderEventTypes.ProviderReady, ProviderEventTypes.ProviderConfigurationChanged })
        {
            client.AddHandler(type, probe.Handler);
        }

        await probe.WaitForAsync(1); // the READY handler runs at once: the provider is already ready
        await provider.EmitAsync(ProviderEventTypes.ProviderStale);
        await probe.WaitForAsync(2);
        await provider.EmitAsync(ProviderEventTypes.ProviderError, ErrorType.General, "flaky");
        await probe.WaitForAsync(3);
        await provider.EmitAsync(ProviderEventTypes.ProviderConfigurationChanged);
        await probe.WaitForAsync(4);
        Assert.That(client.ProviderStatus, Is.EqualTo(ProviderStatus.Error), "a configuration change keeps the status");
        await provider.EmitAsync(ProviderEventTypes.ProviderReady);
        await probe.WaitForAsync(5);
        await provider.EmitAsync(ProviderEventTypes.ProviderError, ErrorType.ProviderFatal, "gone for good");
        await probe.WaitForAsync(6);

        Assert.That(seenInHandlers, Is.EqualTo(new[]
        {
            (ProviderEventTypes.ProviderReady, ProviderStatus.Ready),
            (ProviderEventTypes.ProviderStale, ProviderStatus.Stale),
            (ProviderEventTypes.ProviderError, ProviderStatus.Error),
            (ProviderEventTypes.ProviderConfigurationChanged, ProviderStatus.Error),
            (ProviderEventTypes.ProviderReady, ProviderStatus.Ready),
            (ProviderEventTypes.ProviderError, ProviderStatus.Fatal),
        }));
        Assert.That(client.ProviderStatus, Is.EqualTo(ProviderStatus.Fatal));
        await api.ShutdownAsync();
    }

    private static async Task WaitForStatusAsync(FeatureClient client, ProviderStatus status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (client.ProviderStatus != status)
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"status stayed {client.ProviderStatus}, expected {status}");
            }

            await Task.Delay(5);
        }
    }
}
