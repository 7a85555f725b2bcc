using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using OpenFeature.Constant;
using OpenFeature.Internal;
using OpenFeature.Model;

namespace OpenFeature;

/// <summary>
/// Evaluates flags for one domain (specification 1.2–1.4), against the provider bound to that domain at the time of
/// each evaluation. Evaluation never throws: failures return the default value with an error code and reason ERROR.
/// </summary>
public sealed class FeatureClient : IFeatureClient
{
    private readonly Api _api;
    private readonly string? _domain;
    private readonly ClientMetadata _metadata;
    private readonly ILogger? _logger;
    private ImmutableArray<Hook> _hooks = ImmutableArray<Hook>.Empty;
    private volatile EvaluationContext _context;

    internal FeatureClient(Api api, string? domain, string? name, string? version, ILogger? logger, EvaluationContext? context)
    {
        _api = api;
        _domain = domain;
        _metadata = new ClientMetadata(name, version);
        _logger = logger;
        _context = context ?? EvaluationContext.Empty;
    }

    /// <inheritdoc />
    public ProviderStatus ProviderStatus => _api.Providers.Bindings.Resolve(_domain).Status;

    /// <inheritdoc />
    public ClientMetadata GetMetadata() => _metadata;

    /// <inheritdoc />
    public EvaluationContext GetContext() => _context;

    /// <inheritdoc />
    public void SetContext(EvaluationContext? context) => _context = context ?? EvaluationContext.Empty;

    /// <summary>Appends a hook that runs on every evaluation of this client.</summary>
    /// <param name="hook">The hook.</param>
    public void AddHooks(Hook hook) => HookList.Add(ref _hooks, hook);

    /// <inheritdoc />
    public void AddHooks(IEnumerable<Hook> hooks) => HookList.AddRange(ref _hooks, hooks, nameof(hooks));

    /// <inheritdoc />
    public IEnumerable<Hook> GetHooks() => _hooks;

    /// <summary>Removes every hook of this client.</summary>
    public void ClearHooks() => _hooks = ImmutableArray<Hook>.Empty;

    /// <inheritdoc />
    public void AddHandler(ProviderEventTypes eventType, EventHandlerDelegate handler) =>
        _api.Events.AddClientHandler(_domain, eventType, handler);

    /// <inheritdoc />
    public void RemoveHandler(ProviderEventTypes type, EventHandlerDelegate handler) =>
        _api.Events.RemoveClientHandler(_domain, type, handler);

    /// <inheritdoc />
    public Task<bool> GetBooleanValueAsync(string flagKey, bool defaultValue, EvaluationContext? context = null,
        FlagEvaluationOptions? config = null, CancellationToken cancellationToken = default) =>
        ValueOf(EvaluateAsync(Resolvers.Boolean, FlagValueType.Boolean, flagKey, defaultValue, context, config, cancellationToken));

    /// <inheritdoc />
    public Task<FlagEvaluationDetails<bool>> GetBooleanDetailsAsync(string flagKey, bool defaultValue,
        EvaluationContext? context = null, FlagEvaluationOptions? config = null, CancellationToken cancellationToken = default) =>
        EvaluateAsync(Resolvers.Boolean, FlagValueType.Boolean, flagKey, defaultValue, context, config, cancellationToken).AsTask();

    /// <inheritdoc />
    public Task<string> GetStringValueAsync(string flagKey, string defaultValue, EvaluationContext? context = null,
        FlagEvaluationOptions? config = null, CancellationToken cancellationToken = default) =>
        ValueOf(EvaluateAsync(Resolvers.String, FlagValueType.String, flagKey, defaultValue, context, config, cancellationToken));

    /// <inheritdoc />
    public Task<FlagEvaluationDetails<string>> GetStringDetailsAsync(string flagKey, string defaultValue,
        EvaluationContext? context = null, FlagEvaluationOptions? config = null, CancellationToken cancellationToken = default) =>
        EvaluateAsync(Resolvers.String, FlagValueType.String, flagKey, defaultValue, context, config, cancellationToken).AsTask();

    /// <inheritdoc />
    public Task<int> GetIntegerValueAsync(string flagKey, int defaultValue, EvaluationContext? context = null,
        FlagEvaluationOptions? config = null, CancellationToken cancellationToken = default) =>
        ValueOf(EvaluateAsync(Resolvers.Integer, FlagValueType.Number, flagKey, defaultValue, context, config, cancellationToken));

    /// <inheritdoc />
    public Task<FlagEvaluationDetails<int>> GetIntegerDetailsAsync(string flagKey, int defaultValue,
        EvaluationContext? context = null, FlagEvaluationOptions? config = null, CancellationToken cancellationToken = default) =>
        EvaluateAsync(Resolvers.Integer, FlagValueType.Number, flagKey, defaultValue, context, config, cancellationToken).AsTask();

    /// <inheritdoc />
    public Task<double> GetDoubleValueAsync(string flagKey, double defaultValue, EvaluationContext? context = null,
        FlagEvaluationOptions? config = null, CancellationToken cancellationToken = default) =>
        ValueOf(EvaluateAsync(Resolvers.Double, FlagValueType.Number, flagKey, defaultValue, context, config, cancellationToken));

    /// <inheritdoc />
    public Task<FlagEvaluationDetails<double>> GetDoubleDetailsAsync(string flagKey, double defaultValue,
        EvaluationContext? context = null, FlagEvaluationOptions? config = null, CancellationToken cancellationToken = default) =>
        EvaluateAsync(Resolvers.Double, FlagValueType.Number, flagKey, defaultValue, context, config, cancellationToken).AsTask();

    /// <inheritdoc />
    public Task<Value> GetObjectValueAsync(string flagKey, Value defaultValue, EvaluationContext? context = null,
        FlagEvaluationOptions? config = null, CancellationToken cancellationToken = default) =>
        ValueOf(EvaluateAsync(Resolvers.Object, FlagValueType.Object, flagKey, defaultValue, context, config, cancellationToken));

    /// <inheritdoc />
    public Task<FlagEvaluationDetails<Value>> GetObjectDetailsAsync(string flagKey, Value defaultValue,
        EvaluationContext? context = null, FlagEvaluationOptions? config = null, CancellationToken cancellationToken = default) =>
        EvaluateAsync(Resolvers.Object, FlagValueType.Object, flagKey, defaultValue, context, config, cancellationToken).AsTask();

    /// <inheritdoc />
    public void Track(string trackingEventName, EvaluationContext? evaluationContext = null,
        TrackingEventDetails? trackingEventDetails = null)
    {
        if (string.IsNullOrWhiteSpace(trackingEventName))
        {
            throw new ArgumentException("The tracking event name must not be empty.", nameof(trackingEventName));
        }

        var runtime = _api.Providers.Bindings.Resolve(_domain);
        var context = ContextMerger.Merge(_api.GetContext(), _api.CurrentTransactionContext, _context, evaluationContext);
        try
        {
            runtime.Provider.Track(trackingEventName, context, trackingEventDetails);
        }
        catch (Exception ex)
        {
            Logger.LogDebug(ex, "Tracking event {TrackingEventName} failed.", trackingEventName);
        }
    }

    private ILogger Logger => _logger ?? _api.Logger;

    /// <summary>
    /// One evaluation. Without hooks it completes synchronously when the provider does, allocating only the details;
    /// with hooks it runs <see cref="HookPipeline"/>.
    /// </summary>
    private ValueTask<FlagEvaluationDetails<T>> EvaluateAsync<T>(Resolver<T> resolver, FlagValueType valueType,
        string flagKey, T defaultValue, EvaluationContext? invocationContext, FlagEvaluationOptions? options,
        CancellationToken cancellationToken)
    {
        if (flagKey is null)
        {
            return new(EvaluationResults.Failure(string.Empty, defaultValue, ErrorType.General, "The flag key must not be null.", null));
        }

        try
        {
            var runtime = _api.Providers.Bindings.Resolve(_domain);
            var context = ContextMerger.Merge(_api.GetContext(), _api.CurrentTransactionContext, _context, invocationContext);
            var apiHooks = _api.Hooks;
            var clientHooks = _hooks;
            var providerHooks = runtime.Provider.GetProviderHooks() ?? ImmutableList<Hook>.Empty;
            if ((apiHooks.Length != 0 || clientHooks.Length != 0 || options?.Hooks.Count > 0 || providerHooks.Count != 0)
                && HookPipeline.CountActive(apiHooks, clientHooks, options?.Hooks, providerHooks) is var active and > 0)
            {
                var hooks = HookPipeline.Collect(active, apiHooks, clientHooks, options?.Hooks, providerHooks);
                return HookPipeline.EvaluateAsync(hooks, runtime, resolver, valueType, flagKey, defaultValue, context,
                    _metadata, options?.HookHints, Logger, cancellationToken);
            }

            switch (runtime.Status)
            {
                case ProviderStatus.NotReady:
                    return new(EvaluationResults.Failure(flagKey, defaultValue, ErrorType.ProviderNotReady, EvaluationResults.NotReadyMessage, null));
                case ProviderStatus.Fatal:
                    return new(EvaluationResults.Failure(flagKey, defaultValue, ErrorType.ProviderFatal, EvaluationResults.FatalMessage, null));
            }

            var resolution = resolver(runtime.Provider, flagKey, defaultValue, context, cancellationToken);
            if (resolution.IsCompletedSuccessfully)
            {
                return new(EvaluationResults.FromResolution(flagKey, defaultValue, resolution.Result));
            }

            return AwaitResolutionAsync(resolution, flagKey, defaultValue);
        }
        catch (Exception ex)
        {
            Logger.LogDebug(ex, "Evaluating flag {FlagKey} failed.", flagKey);
            return new(EvaluationResults.FromException(flagKey, defaultValue, ex));
        }
    }

    private async ValueTask<FlagEvaluationDetails<T>> AwaitResolutionAsync<T>(Task<ResolutionDetails<T>> resolution,
        string flagKey, T defaultValue)
    {
        try
        {
            return EvaluationResults.FromResolution(flagKey, defaultValue, await resolution.ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            Logger.LogDebug(ex, "Evaluating flag {FlagKey} failed.", flagKey);
            return EvaluationResults.FromException(flagKey, defaultValue, ex);
        }
    }

    private static Task<T> ValueOf<T>(ValueTask<FlagEvaluationDetails<T>> evaluation) =>
        evaluation.IsCompletedSuccessfully ? Task.FromResult(evaluation.Result.Value) : AwaitValueAsync(evaluation);

    private static async Task<T> AwaitValueAsync<T>(ValueTask<FlagEvaluationDetails<T>> evaluation) =>
        (await evaluation.ConfigureAwait(false)).Value;
}
