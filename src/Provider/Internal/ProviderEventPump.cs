using System.Threading.Channels;
using OpenFeature.Model;

namespace OpenFeatureAppConfig.Provider.Internal;

/// <summary>
/// Delivers provider events to the SDK's event channel in order without ever blocking the caller: a reload or
/// status callback only enqueues, and one loop writes into the channel (which may be bounded and unread).
/// </summary>
internal sealed class ProviderEventPump
{
    private readonly Channel<ProviderEventPayload> _queue = Channel.CreateUnbounded<ProviderEventPayload>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ChannelWriter<object> _target;
    private int _started;

    public ProviderEventPump(ChannelWriter<object> target) => _target = target;

    public void Publish(ProviderEventPayload payload)
    {
        _queue.Writer.TryWrite(payload);
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _ = Task.Run(PumpAsync);
        }
    }

    private async Task PumpAsync()
    {
        await foreach (var payload in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await _target.WriteAsync(payload).ConfigureAwait(false);
            }
            catch (ChannelClosedException)
            {
                return;
            }
        }
    }
}
