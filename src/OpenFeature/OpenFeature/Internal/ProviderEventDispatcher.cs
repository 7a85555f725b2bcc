using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using OpenFeature.Constant;
using OpenFeature.Model;

namespace OpenFeature.Internal;

/// <summary>
/// Runs provider event handlers (specification 5.2, 5.3): API-level handlers for every provider's events,
/// client-level handlers for the events of the provider bound to the client's domain. Events run one at a time,
/// in order, off the thread that raised them; a throwing handler is logged and the others still run.
/// </summary>
internal sealed class ProviderEventDispatcher
{
    private readonly object _gate = new();
    private readonly Queue<PendingEvent> _queue = new();
    private readonly Func<ILogger> _logger;
    private Func<ProviderBindings>? _bindings;
    private ImmutableList<Registration> _handlers = ImmutableList<Registration>.Empty;
    private bool _draining;

    public ProviderEventDispatcher(Func<ILogger> logger) => _logger = logger;

    /// <summary>Connects the dispatcher to the bindings it routes client events by.</summary>
    public void Attach(Func<ProviderBindings> bindings) => _bindings = bindings;

    /// <summary>Queues an event; the task completes when its handlers have run.</summary>
    public Task PublishAsync(ProviderRuntime source, ProviderEventPayload payload)
    {
        var pending = new PendingEvent(source, payload);
        lock (_gate)
        {
            _queue.Enqueue(pending);
            if (_draining)
            {
                return pending.Done.Task;
            }

            _draining = true;
        }

        ThreadPool.UnsafeQueueUserWorkItem(static self => self.Drain(), this, preferLocal: false);
        return pending.Done.Task;
    }

    /// <summary>Adds an API-level handler and runs it for every bound provider already in the matching state.</summary>
    public void AddApiHandler(ProviderEventTypes type, EventHandlerDelegate handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ImmutableInterlocked.Update(ref _handlers, static (list, item) => list.Add(item), new Registration(false, null, type, handler));
        if (_bindings is null)
        {
            return;
        }

        foreach (var runtime in _bindings().All())
        {
            RunIfAlreadyInState(runtime, type, handler);
        }
    }

    /// <summary>Adds a client-level handler and runs it if the client's provider is already in the matching state.</summary>
    public void AddClientHandler(string? domain, ProviderEventTypes type, EventHandlerDelegate handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ImmutableInterlocked.Update(ref _handlers, static (list, item) => list.Add(item), new Registration(true, domain, type, handler));
        if (_bindings is not null)
        {
            RunIfAlreadyInState(_bindings().Resolve(domain), type, handler);
        }
    }

    public void RemoveApiHandler(ProviderEventTypes type, EventHandlerDelegate handler) =>
        Remove(new Registration(false, null, type, handler));

    public void RemoveClientHandler(string? domain, ProviderEventTypes type, EventHandlerDelegate handler) =>
        Remove(new Registration(true, domain, type, handler));

    public void ClearHandlers() => _handlers = ImmutableList<Registration>.Empty;

    private void Remove(Registration registration) =>
        ImmutableInterlocked.Update(ref _handlers, static (list, item) => list.Remove(item), registration);

    private void RunIfAlreadyInState(ProviderRuntime runtime, ProviderEventTypes type, EventHandlerDelegate handler)
    {
        var status = runtime.Status;
        var matches = type switch
        {
            ProviderEventTypes.ProviderReady => status == ProviderStatus.Ready,
            ProviderEventTypes.ProviderError => status is ProviderStatus.Error or ProviderStatus.Fatal,
            ProviderEventTypes.ProviderStale => status == ProviderStatus.Stale,
            _ => false,
        };
        if (matches)
        {
            Invoke(handler, new ProviderEventPayload
            {
                ProviderName = runtime.ProviderName,
                Type = type,
                ErrorType = status == ProviderStatus.Fatal ? ErrorType.ProviderFatal : null,
            });
        }
    }

    private void Drain()
    {
        while (true)
        {
            PendingEvent pending;
            lock (_gate)
            {
                if (!_queue.TryDequeue(out pending!))
                {
                    _draining = false;
                    return;
                }
            }

            Dispatch(pending.Source, pending.Payload);
            pending.Done.TrySetResult();
        }
    }

    private void Dispatch(ProviderRuntime source, ProviderEventPayload payload)
    {
        var bindings = _bindings?.Invoke();
        foreach (var registration in _handlers)
        {
            if (registration.Type != payload.Type)
            {
                continue;
            }

            if (registration.IsClient && (bindings is null || !ReferenceEquals(bindings.Resolve(registration.Domain), source)))
            {
                continue;
            }

            Invoke(registration.Handler, payload);
        }
    }

    private void Invoke(EventHandlerDelegate handler, ProviderEventPayload payload)
    {
        try
        {
            handler(payload);
        }
        catch (Exception ex)
        {
            _logger().LogError(ex, "A handler of {EventType} from provider {Provider} threw.", payload.Type, payload.ProviderName);
        }
    }

    private sealed record Registration(bool IsClient, string? Domain, ProviderEventTypes Type, EventHandlerDelegate Handler);

    private sealed class PendingEvent(ProviderRuntime source, ProviderEventPayload payload)
    {
        public ProviderRuntime Source { get; } = source;

        public ProviderEventPayload Payload { get; } = payload;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
