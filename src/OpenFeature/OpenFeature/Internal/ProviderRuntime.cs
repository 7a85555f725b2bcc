using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using OpenFeature.Constant;
using OpenFeature.Error;
using OpenFeature.Model;

namespace OpenFeature.Internal;

/// <summary>
/// One provider as one API instance runs it: its status (derived from its events, specification 5.3.5), the loop
/// that reads its event channel, its one-time initialization and its shutdown.
/// </summary>
internal sealed class ProviderRuntime
{
    private readonly ProviderEventDispatcher _events;
    private readonly Func<ILogger> _logger;
    private readonly object _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private ChannelReader<object>? _reader;
    private Task? _initialization;
    private int _status;
    private bool _shutDown;

    public ProviderRuntime(FeatureProvider provider, ProviderEventDispatcher events, Func<ILogger> logger,
        ProviderStatus initialStatus)
    {
        Provider = provider;
        _events = events;
        _logger = logger;
        _status = (int)initialStatus;
    }

    public FeatureProvider Provider { get; }

    /// <summary>The domain (null: default) the provider was first bound to, and is initialized for.</summary>
    public string? FirstDomain { get; init; }

    public ProviderStatus Status
    {
        get => (ProviderStatus)Volatile.Read(ref _status);
        private set => Volatile.Write(ref _status, (int)value);
    }

    public bool IsShutDown => Volatile.Read(ref _shutDown);

    /// <summary>The provider's name, for event payloads; never throws.</summary>
    public string? ProviderName
    {
        get
        {
            try
            {
                return Provider.GetMetadata()?.Name;
            }
            catch (Exception)
            {
                return null;
            }
        }
    }

    /// <summary>Starts reading the provider's event channel.</summary>
    public void StartEventPump()
    {
        try
        {
            _reader = Provider.GetEventChannel()?.Reader;
        }
        catch (Exception ex)
        {
            _logger().LogError(ex, "Provider {Provider} failed to return its event channel; its events are ignored.", ProviderName);
        }

        if (_reader is not null)
        {
            _ = PumpAsync(_reader);
        }
    }

    /// <summary>Initializes the provider once, however many domains it is bound to.</summary>
    public Task InitializeAsync(EvaluationContext context, string? domain, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _initialization ??= RunInitializationAsync(context, domain, cancellationToken);
        }
    }

    /// <summary>Shuts the provider down once; its status is NOT_READY afterwards (specification 1.7.x).</summary>
    public async Task ShutdownAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_shutDown)
            {
                return;
            }

            Volatile.Write(ref _shutDown, true);
        }

        _stop.Cancel();
        try
        {
            await Provider.ShutdownAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger().LogError(ex, "Provider {Provider} failed to shut down.", ProviderName);
        }
        finally
        {
            Status = ProviderStatus.NotReady;
        }
    }

    private async Task RunInitializationAsync(EvaluationContext context, string? domain, CancellationToken cancellationToken)
    {
        // Yield first so that the caller's lock is released before provider code runs.
        await Task.Yield();
        try
        {
            if (Provider is IDomainAwareProvider domainAware)
            {
                await domainAware.InitializeAsync(context, domain, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await Provider.InitializeAsync(context, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            _logger().LogError(ex, "Provider {Provider} failed to initialize.", ProviderName);
            var errorType = ex is FeatureProviderException providerError ? providerError.ErrorType : ErrorType.General;
            await ApplyAsync(new ProviderEventPayload
            {
                ProviderName = ProviderName,
                Type = ProviderEventTypes.ProviderError,
                ErrorType = errorType,
                Message = ex.Message,
            }).ConfigureAwait(false);
            if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            return;
        }

        if (Provider is ILifecycleEventEmitter { EmitsLifecycleEvents: true })
        {
            // The provider reports READY itself; apply what it wrote during initialization before returning.
            if (_reader is not null)
            {
                Drain(_reader);
            }

            return;
        }

        await ApplyAsync(new ProviderEventPayload { ProviderName = ProviderName, Type = ProviderEventTypes.ProviderReady })
            .ConfigureAwait(false);
    }

    private async Task PumpAsync(ChannelReader<object> reader)
    {
        try
        {
            while (await reader.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
            {
                Drain(reader);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Shut down.
        }
        catch (Exception ex)
        {
            _logger().LogError(ex, "Reading the events of provider {Provider} failed; later events are ignored.", ProviderName);
        }
    }

    private void Drain(ChannelReader<object> reader)
    {
        lock (_gate)
        {
            while (!_stop.IsCancellationRequested && reader.TryRead(out var item))
            {
                if (item is ProviderEventPayload payload)
                {
                    _ = ApplyAsync(payload);
                }
                else
                {
                    _logger().LogWarning("Provider {Provider} wrote a {Type} to its event channel; only ProviderEventPayload is understood.", ProviderName, item?.GetType());
                }
            }
        }
    }

    /// <summary>Updates the status from the event, then hands the event to the handlers (specification 5.3.5).</summary>
    private Task ApplyAsync(ProviderEventPayload payload)
    {
        if (IsShutDown)
        {
            return Task.CompletedTask;
        }

        switch (payload.Type)
        {
            case ProviderEventTypes.ProviderReady:
                Status = ProviderStatus.Ready;
                break;
            case ProviderEventTypes.ProviderError:
                Status = payload.ErrorType == ErrorType.ProviderFatal ? ProviderStatus.Fatal : ProviderStatus.Error;
                break;
            case ProviderEventTypes.ProviderStale:
                Status = ProviderStatus.Stale;
                break;
        }

        payload.ProviderName ??= ProviderName;
        return _events.PublishAsync(this, payload);
    }
}
