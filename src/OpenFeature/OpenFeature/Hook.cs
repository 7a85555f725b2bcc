using OpenFeature.Model;

namespace OpenFeature;

/// <summary>
/// Code that runs around flag evaluations (specification section 4). Override the stages you need; the others do
/// nothing. Hooks run before: API, client, invocation, provider; after, error and finally in the reverse order.
/// </summary>
public abstract class Hook
{
    /// <summary>Runs before the flag is resolved; the returned context is merged over the evaluation context.</summary>
    /// <typeparam name="T">The flag's value type.</typeparam>
    /// <param name="context">The hook context.</param>
    /// <param name="hints">The hook hints of the invocation.</param>
    /// <param name="cancellationToken">Cancels the hook.</param>
    /// <returns>Attributes to add to the evaluation context, or <see cref="EvaluationContext.Empty"/>.</returns>
    public virtual ValueTask<EvaluationContext> BeforeAsync<T>(HookContext<T> context,
        IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default) =>
        new(EvaluationContext.Empty);

    /// <summary>Runs after the flag was resolved successfully.</summary>
    /// <typeparam name="T">The flag's value type.</typeparam>
    /// <param name="context">The hook context.</param>
    /// <param name="details">The evaluation's result.</param>
    /// <param name="hints">The hook hints of the invocation.</param>
    /// <param name="cancellationToken">Cancels the hook.</param>
    /// <returns>A task that completes when the hook is done.</returns>
    public virtual ValueTask AfterAsync<T>(HookContext<T> context, FlagEvaluationDetails<T> details,
        IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default) => default;

    /// <summary>Runs when the evaluation failed (in a hook, in the provider, or because the provider is not ready).</summary>
    /// <typeparam name="T">The flag's value type.</typeparam>
    /// <param name="context">The hook context.</param>
    /// <param name="error">What went wrong.</param>
    /// <param name="hints">The hook hints of the invocation.</param>
    /// <param name="cancellationToken">Cancels the hook.</param>
    /// <returns>A task that completes when the hook is done.</returns>
    public virtual ValueTask ErrorAsync<T>(HookContext<T> context, Exception error,
        IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default) => default;

    /// <summary>Runs after every evaluation, successful or not.</summary>
    /// <typeparam name="T">The flag's value type.</typeparam>
    /// <param name="context">The hook context.</param>
    /// <param name="evaluationDetails">The evaluation's result.</param>
    /// <param name="hints">The hook hints of the invocation.</param>
    /// <param name="cancellationToken">Cancels the hook.</param>
    /// <returns>A task that completes when the hook is done.</returns>
    public virtual ValueTask FinallyAsync<T>(HookContext<T> context, FlagEvaluationDetails<T> evaluationDetails,
        IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default) => default;
}
