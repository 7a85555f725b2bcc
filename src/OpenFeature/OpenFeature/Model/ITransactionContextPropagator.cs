namespace OpenFeature.Model;

/// <summary>Keeps the transaction context (specification 3.3): an evaluation context scoped to a unit of work.</summary>
public interface ITransactionContextPropagator
{
    /// <summary>Gets the transaction context of the current unit of work.</summary>
    /// <returns>The context, <see cref="EvaluationContext.Empty"/> when none is set.</returns>
    EvaluationContext GetTransactionContext();

    /// <summary>Sets the transaction context of the current unit of work.</summary>
    /// <param name="evaluationContext">The context.</param>
    void SetTransactionContext(EvaluationContext evaluationContext);
}
