namespace OpenFeatureAppConfig.Rollouts.Internal;

/// <summary>What one pass of the executor did.</summary>
/// <param name="HeldLease">False when another executor holds the lease: this one wrote nothing.</param>
/// <param name="NextRunAt">When to look again: the earliest due change, at most one poll interval ahead.</param>
/// <param name="Errors">Plans that could not be read (the error names the plan and its bad field); their flags were left untouched.</param>
internal sealed record RolloutPass(bool HeldLease, DateTimeOffset NextRunAt, IReadOnlyList<string> Errors);
