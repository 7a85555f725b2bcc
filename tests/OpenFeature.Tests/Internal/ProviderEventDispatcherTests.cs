using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using OpenFeature.Constant;
using OpenFeature.Internal;
using OpenFeature.Model;
using OpenFeature.Providers.Memory;

namespace OpenFeature.Tests.Internal;

public class ProviderEventDispatcherTests
{
    [Test]
    public async Task Events_RunInTheOrderTheyWerePublished()
    {
        var (dispatcher, runtime) = Create();
        var seen = new ConcurrentQueue<string?>();
        dispatcher.AddApiHandler(ProviderEventTypes.ProviderConfigurationChanged, e => seen.Enqueue(e?.Message));

        var published = Enumerable.Range(0, 50)
            .Select(i => dispatcher.PublishAsync(runtime, new ProviderEventPayload
            {
                Type = ProviderEventTypes.ProviderConfigurationChanged,
                Message = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }))
            .ToArray();
        await Task.WhenAll(published);

        Assert.That(seen, Is.EqualTo(Enumerable.Range(0, 50).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Test]
    public async Task AThrowingHandler_DoesNotStopTheOthers()
    {
        var (dispatcher, runtime) = Create();
        var ran = 0;
        dispatcher.AddApiHandler(ProviderEventTypes.ProviderStale, _ => throw new InvalidOperationException("handler failure"));
        dispatcher.AddApiHandler(ProviderEventTypes.ProviderStale, _ => Interlocked.Increment(ref ran));

        await dispatcher.PublishAsync(runtime, new ProviderEventPayload { Type = ProviderEventTypes.ProviderStale });

        Assert.That(ran, Is.EqualTo(1));
    }

    [Test]
    public async Task ARemovedHandler_NoLongerRuns()
    {
        var (dispatcher, runtime) = Create();
        var ran = 0;
        EventHandlerDelegate handler = _ => Interlocked.Increment(ref ran);
        dispatcher.AddApiHandler(ProviderEventTypes.ProviderStale, handler);
        dispatcher.RemoveApiHandler(ProviderEventTypes.ProviderStale, handler);

        await dispatcher.PublishAsync(runtime, new ProviderEventPayload { Type = ProviderEventTypes.ProviderStale });

        Assert.That(ran, Is.Zero);
    }

    private static (ProviderEventDispatcher Dispatcher, ProviderRuntime Runtime) Create()
    {
        var dispatcher = new ProviderEventDispatcher(() => NullLogger.Instance);
        var runtime = new ProviderRuntime(new InMemoryProvider(), dispatcher, () => NullLogger.Instance, ProviderStatus.Ready);
        return (dispatcher, runtime);
    }
}
