using System.Collections.Concurrent;
using OpenFeature.Model;

namespace OpenFeature.Tests.Support;

/// <summary>Collects the events a handler receives, so a test can wait for them (handlers may run on another thread).</summary>
internal sealed class EventProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly ConcurrentQueue<ProviderEventPayload?> _events = new();

    /// <param name="fromProvider">
    /// Only record events of this provider. An API starts with a no-op provider that is READY at once, so a READY
    /// handler added to a fresh API runs immediately for it (spec 5.3.3); tests about another provider skip that.
    /// </param>
    public EventProbe(string? fromProvider = null)
    {
        Handler = payload =>
        {
            if (fromProvider is not null && payload?.ProviderName != fromProvider)
            {
                return;
            }

            OnEvent?.Invoke(payload);
            _events.Enqueue(payload);
        };
    }

    /// <summary>Runs inside the handler, before the event is recorded.</summary>
    public Action<ProviderEventPayload?>? OnEvent { get; set; }

    public EventHandlerDelegate Handler { get; }

    public IReadOnlyList<ProviderEventPayload?> Events => _events.ToArray();

    public int Count => _events.Count;

    /// <summary>Waits until at least <paramref name="count"/> events have arrived and returns them.</summary>
    public async Task<IReadOnlyList<ProviderEventPayload?>> WaitForAsync(int count = 1)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (_events.Count < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"expected {count} event(s) within {Timeout.TotalSeconds} s, got {_events.Count}");
            }

            await Task.Delay(5).ConfigureAwait(false);
        }

        return Events;
    }

    /// <summary>Gives handlers that are not supposed to run a fair chance to run, so a "not run" check means something.</summary>
    public static Task SettleAsync() => Task.Delay(150);
}
