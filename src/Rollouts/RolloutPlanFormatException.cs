namespace OpenFeatureAppConfig.Rollouts;

/// <summary>A rollout plan that breaks its schema or its rules. <see cref="Field"/> names the first bad field.</summary>
public sealed class RolloutPlanFormatException : FormatException
{
    /// <summary>Creates the exception for <paramref name="field"/>.</summary>
    /// <param name="field">The field's path in the plan's JSON, e.g. <c>stages[2].hold</c>; empty for the whole value.</param>
    /// <param name="problem">What is wrong with it.</param>
    public RolloutPlanFormatException(string field, string problem)
        : base(field.Length == 0 ? $"Invalid rollout plan: {problem}" : $"Invalid rollout plan: '{field}' {problem}")
    {
        Field = field;
        Problem = problem;
    }

    /// <summary>The path of the bad field in the plan's JSON (<c>stages[2].hold</c>); empty when the value as a whole is bad.</summary>
    public string Field { get; }

    /// <summary>What is wrong with the field.</summary>
    public string Problem { get; }
}
