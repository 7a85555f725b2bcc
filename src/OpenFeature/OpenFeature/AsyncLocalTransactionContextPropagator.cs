using OpenFeature.Model;

namespace OpenFeature;

/// <summary>Keeps the transaction context in an <see cref="AsyncLocal{T}"/>, so it flows with the async call chain.</summary>
public sealed class AsyncLocalTransactionContextPropagator : ITransactionContextPropagator
{
    private readonly AsyncLocal<EvaluationContext> _context = new();

    /// <inheritdoc />
    public EvaluationContext GetTransactionContext() => _context.Value ?? EvaluationContext.Empty;

    /// <inheritdoc />
    public void SetTransactionContext(EvaluationContext evaluationContext)
    {
        ArgumentNullException.ThrowIfNull(evaluationContext);
        _context.Value = evaluationContext;
    }
}
