using System.Collections.Immutable;
using System.Threading.Channels;
using OpenFeature.Model;

namespace OpenFeature;

/// <summary>
/// The bridge between the OpenFeature API and a flag management system (specification section 2).
/// </summary>
/// <remarks>
/// A provider raises events by writing <see cref="ProviderEventPayload"/>s to <see cref="EventChannel"/>. Unless it
/// implements <see cref="ILifecycleEventEmitter"/>, the SDK reports PROVIDER_READY (or PROVIDER_ERROR) itself when
/// <see cref="InitializeAsync"/> completes (or fails).
/// </remarks>
public abstract class FeatureProvider
{
    /// <summary>The channel the provider writes its events to; the SDK reads it.</summary>
    protected readonly Channel<object> EventChannel = Channel.CreateBounded<object>(1);

    /// <summary>The provider's hooks; they run after the API, client and invocation hooks.</summary>
    /// <returns>The hooks (none by default).</returns>
    public virtual IImmutableList<Hook> GetProviderHooks() => ImmutableList<Hook>.Empty;

    /// <summary>Describes the provider.</summary>
    /// <returns>The metadata.</returns>
    public abstract Metadata GetMetadata();

    /// <summary>Resolves a boolean flag.</summary>
    /// <param name="flagKey">The flag's key.</param>
    /// <param name="defaultValue">The value to return when the flag cannot be resolved.</param>
    /// <param name="context">The merged evaluation context.</param>
    /// <param name="cancellationToken">Cancels the resolution.</param>
    /// <returns>The resolution.</returns>
    public abstract Task<ResolutionDetails<bool>> ResolveBooleanValueAsync(string flagKey, bool defaultValue,
        EvaluationContext? context = null, CancellationToken cancellationToken = default);

    /// <summary>Resolves a string flag.</summary>
    /// <param name="flagKey">The flag's key.</param>
    /// <param name="defaultValue">The value to return when the flag cannot be resolved.</param>
    /// <param name="context">The merged evaluation context.</param>
    /// <param name="cancellationToken">Cancels the resolution.</param>
    /// <returns>The resolution.</returns>
    public abstract Task<ResolutionDetails<string>> ResolveStringValueAsync(string flagKey, string defaultValue,
        EvaluationContext? context = null, CancellationToken cancellationToken = default);

    /// <summary>Resolves an integer flag.</summary>
    /// <param name="flagKey">The flag's key.</param>
    /// <param name="defaultValue">The value to return when the flag cannot be resolved.</param>
    /// <param name="context">The merged evaluation context.</param>
    /// <param name="cancellationToken">Cancels the resolution.</param>
    /// <returns>The resolution.</returns>
    public abstract Task<ResolutionDetails<int>> ResolveIntegerValueAsync(string flagKey, int defaultValue,
        EvaluationContext? context = null, CancellationToken cancellationToken = default);

    /// <summary>Resolves a double flag.</summary>
    /// <param name="flagKey">The flag's key.</param>
    /// <param name="defaultValue">The value to return when the flag cannot be resolved.</param>
    /// <param name="context">The merged evaluation context.</param>
    /// <param name="cancellationToken">Cancels the resolution.</param>
    /// <returns>The resolution.</returns>
    public abstract Task<ResolutionDetails<double>> ResolveDoubleValueAsync(string flagKey, double defaultValue,
        EvaluationContext? context = null, CancellationToken cancellationToken = default);

    /// <summary>Resolves a structured (object) flag.</summary>
    /// <param name="flagKey">The flag's key.</param>
    /// <param name="defaultValue">The value to return when the flag cannot be resolved.</param>
    /// <param name="context">The merged evaluation context.</param>
    /// <param name="cancellationToken">Cancels the resolution.</param>
    /// <returns>The resolution.</returns>
    public abstract Task<ResolutionDetails<Value>> ResolveStructureValueAsync(string flagKey, Value defaultValue,
        EvaluationContext? context = null, CancellationToken cancellationToken = default);

    /// <summary>Prepares the provider; called once when it is first bound, before it resolves flags.</summary>
    /// <param name="context">The API's global evaluation context.</param>
    /// <param name="cancellationToken">Cancels the initialization.</param>
    /// <returns>A task that completes when the provider is ready; a failed task puts it in ERROR (or FATAL).</returns>
    public virtual Task InitializeAsync(EvaluationContext context, CancellationToken cancellationToken = default) =>
        Task.CompletedTask;

    /// <summary>Releases the provider's resources; called when it is no longer bound or the API shuts down.</summary>
    /// <param name="cancellationToken">Cancels the shutdown.</param>
    /// <returns>A task that completes when the provider is shut down.</returns>
    public virtual Task ShutdownAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>The channel the SDK reads the provider's events from.</summary>
    /// <returns>The event channel.</returns>
    public virtual Channel<object> GetEventChannel() => EventChannel;

    /// <summary>Records a tracking event (specification section 6); does nothing by default.</summary>
    /// <param name="trackingEventName">The event's name.</param>
    /// <param name="evaluationContext">The merged evaluation context.</param>
    /// <param name="trackingEventDetails">The event's details.</param>
    public virtual void Track(string trackingEventName, EvaluationContext? evaluationContext = null,
        TrackingEventDetails? trackingEventDetails = null)
    {
    }
}
