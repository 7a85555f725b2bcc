using OpenFeature.Constant;
using OpenFeature.Model;

namespace OpenFeature;

/// <summary>
/// Evaluates flags for one domain (specification 1.2–1.4). Evaluation never throws: failures return the default
/// value with an error code.
/// </summary>
public interface IFeatureClient : IEventBus
{
    /// <summary>Appends hooks that run on every evaluation of this client.</summary>
    /// <param name="hooks">The hooks.</param>
    void AddHooks(IEnumerable<Hook> hooks);

    /// <summary>The client's hooks, in the order they run before evaluation.</summary>
    /// <returns>The hooks.</returns>
    IEnumerable<Hook> GetHooks();

    /// <summary>The client's evaluation context.</summary>
    /// <returns>The context.</returns>
    EvaluationContext GetContext();

    /// <summary>Replaces the client's evaluation context.</summary>
    /// <param name="context">The context; null clears it.</param>
    void SetContext(EvaluationContext? context);

    /// <summary>The client's metadata.</summary>
    /// <returns>The metadata.</returns>
    ClientMetadata GetMetadata();

    /// <summary>The status of the provider bound to the client's domain.</summary>
    ProviderStatus ProviderStatus { get; }

    /// <summary>Evaluates a boolean flag.</summary>
    /// <param name="flagKey">The flag's key.</param>
    /// <param name="defaultValue">The value returned when the flag cannot be evaluated.</param>
    /// <param name="context">The invocation's evaluation context.</param>
    /// <param name="config">Invocation hooks and hints.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>The value.</returns>
    Task<bool> GetBooleanValueAsync(string flagKey, bool defaultValue, EvaluationContext? context = null,
        FlagEvaluationOptions? config = null, CancellationToken cancellationToken = default);

    /// <summary>Evaluates a boolean flag, with details.</summary>
    /// <param name="flagKey">The flag's key.</param>
    /// <param name="defaultValue">The value returned when the flag cannot be evaluated.</param>
    /// <param name="context">The invocation's evaluation context.</param>
    /// <param name="config">Invocation hooks and hints.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>The evaluation details.</returns>
    Task<FlagEvaluationDetails<bool>> GetBooleanDetailsAsync(string flagKey, bool defaultValue,
        EvaluationContext? context = null, FlagEvaluationOptions? config = null,
        CancellationToken cancellationToken = default);

    /// <summary>Evaluates a string flag.</summary>
    /// <param name="flagKey">The flag's key.</param>
    /// <param name="defaultValue">The value returned when the flag cannot be evaluated.</param>
    /// <param name="context">The invocation's evaluation context.</param>
    /// <param name="config">Invocation hooks and hints.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>The value.</returns>
    Task<string> GetStringValueAsync(string flagKey, string defaultValue, EvaluationContext? context = null,
        FlagEvaluationOptions? config = null, CancellationToken cancellationToken = default);

    /// <summary>Evaluates a string flag, with details.</summary>
    /// <param name="flagKey">The flag's key.</param>
    /// <param name="defaultValue">The value returned when the flag cannot be evaluated.</param>
    /// <param name="context">The invocation's evaluation context.</param>
    /// <param name="config">Invocation hooks and hints.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>The evaluation details.</returns>
    Task<FlagEvaluationDetails<string>> GetStringDetailsAsync(string flagKey, string defaultValue,
        EvaluationContext? context = null, FlagEvaluationOptions? config = null,
        CancellationToken cancellationToken = default);

    /// <summary>Evaluates an integer flag.</summary>
    /// <param name="flagKey">The flag's key.</param>
    /// <param name="defaultValue">The value returned when the flag cannot be evaluated.</param>
    /// <param name="context">The invocation's evaluation context.</param>
    /// <param name="config">Invocation hooks and hints.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>The value.</returns>
    Task<int> GetIntegerValueAsync(string flagKey, int defaultValue, EvaluationContext? context = null,
        FlagEvaluationOptions? config = null, CancellationToken cancellationToken = default);

    /// <summary>Evaluates an integer flag, with details.</summary>
    /// <param name="flagKey">The flag's key.</param>
    /// <param name="defaultValue">The value returned when the flag cannot be evaluated.</param>
    /// <param name="context">The invocation's evaluation context.</param>
    /// <param name="config">Invocation hooks and hints.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>The evaluation details.</returns>
    Task<FlagEvaluationDetails<int>> GetIntegerDetailsAsync(string flagKey, int defaultValue,
        EvaluationContext? context = null, FlagEvaluationOptions? config = null,
        CancellationToken cancellationToken = default);

    /// <summary>Evaluates a double flag.</summary>
    /// <param name="flagKey">The flag's key.</param>
    /// <param name="defaultValue">The value returned when the flag cannot be evaluated.</param>
    /// <param name="context">The invocation's evaluation context.</param>
    /// <param name="config">Invocation hooks and hints.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>The value.</returns>
    Task<double> GetDoubleValueAsync(string flagKey, double defaultValue, EvaluationContext? context = null,
        FlagEvaluationOptions? config = null, CancellationToken cancellationToken = default);

    /// <summary>Evaluates a double flag, with details.</summary>
    /// <param name="flagKey">The flag's key.</param>
    /// <param name="defaultValue">The value returned when the flag cannot be evaluated.</param>
    /// <param name="context">The invocation's evaluation context.</param>
    /// <param name="config">Invocation hooks and hints.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>The evaluation details.</returns>
    Task<FlagEvaluationDetails<double>> GetDoubleDetailsAsync(string flagKey, double defaultValue,
        EvaluationContext? context = null, FlagEvaluationOptions? config = null,
        CancellationToken cancellationToken = default);

    /// <summary>Evaluates a structured (object) flag.</summary>
    /// <param name="flagKey">The flag's key.</param>
    /// <param name="defaultValue">The value returned when the flag cannot be evaluated.</param>
    /// <param name="context">The invocation's evaluation context.</param>
    /// <param name="config">Invocation hooks and hints.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>The value.</returns>
    Task<Value> GetObjectValueAsync(string flagKey, Value defaultValue, EvaluationContext? context = null,
        FlagEvaluationOptions? config = null, CancellationToken cancellationToken = default);

    /// <summary>Evaluates a structured (object) flag, with details.</summary>
    /// <param name="flagKey">The flag's key.</param>
    /// <param name="defaultValue">The value returned when the flag cannot be evaluated.</param>
    /// <param name="context">The invocation's evaluation context.</param>
    /// <param name="config">Invocation hooks and hints.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>The evaluation details.</returns>
    Task<FlagEvaluationDetails<Value>> GetObjectDetailsAsync(string flagKey, Value defaultValue,
        EvaluationContext? context = null, FlagEvaluationOptions? config = null,
        CancellationToken cancellationToken = default);

    /// <summary>Records a tracking event with the provider (specification section 6).</summary>
    /// <param name="trackingEventName">The event's name.</param>
    /// <param name="evaluationContext">The invocation's evaluation context; merged like an evaluation's.</param>
    /// <param name="trackingEventDetails">The event's details.</param>
    void Track(string trackingEventName, EvaluationContext? evaluationContext = null,
        TrackingEventDetails? trackingEventDetails = null);
}
