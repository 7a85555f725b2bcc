using System.Collections.ObjectModel;
using OpenFeatureAppConfig.Rollouts.Internal;

namespace OpenFeatureAppConfig.Rollouts;

/// <summary>
/// The progressive rollout of one feature flag (a flag name and label): its stages, start time and target,
/// and its history, whose last entry is the rollout's current <see cref="Status"/>. Immutable: the changes
/// (<see cref="WithTransition"/>) give a new plan.
/// </summary>
public sealed class RolloutPlan
{
    /// <summary>Creates a new plan: running, nothing written to the flag yet, no history.</summary>
    /// <param name="flagName">The flag's name (its key without <c>.appconfig.featureflag/</c>).</param>
    /// <param name="label">The flag's label, or null for no label.</param>
    /// <param name="target">What the rollout releases.</param>
    /// <param name="start">When the first stage is due.</param>
    /// <param name="stages">The stages, at least one, percentages rising.</param>
    /// <exception cref="RolloutPlanFormatException">A stage or the target breaks the plan's rules; the exception names the field.</exception>
    public RolloutPlan(string flagName, string? label, RolloutTarget target, DateTimeOffset start, IEnumerable<RolloutStage> stages)
        : this(flagName, label, target, start, (stages ?? throw new ArgumentNullException(nameof(stages))).ToList(), [], flagETag: null)
    {
    }

    internal RolloutPlan(
        string flagName,
        string? label,
        RolloutTarget target,
        DateTimeOffset start,
        IReadOnlyList<RolloutStage> stages,
        IReadOnlyList<RolloutTransition> history,
        string? flagETag)
    {
        ArgumentException.ThrowIfNullOrEmpty(flagName);
        ArgumentNullException.ThrowIfNull(target);
        FlagName = flagName;
        Label = label;
        Target = target;
        Start = start;
        Stages = new ReadOnlyCollection<RolloutStage>([.. stages]);
        History = new ReadOnlyCollection<RolloutTransition>([.. history]);
        FlagETag = flagETag;
        RolloutPlanRules.Check(this);
    }

    /// <summary>The flag's name.</summary>
    public string FlagName { get; }

    /// <summary>The flag's label (also the plan's label), or null for no label.</summary>
    public string? Label { get; }

    /// <summary>What the rollout releases.</summary>
    public RolloutTarget Target { get; }

    /// <summary>When the first stage is due.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>The stages in order.</summary>
    public IReadOnlyList<RolloutStage> Stages { get; }

    /// <summary>Every change of state or stage, oldest first.</summary>
    public IReadOnlyList<RolloutTransition> History { get; }

    /// <summary>
    /// The flag revision the rollout last wrote (or started from): a flag with another ETag was changed by
    /// someone else, and the rollout pauses instead of overwriting it. Null before the first write.
    /// </summary>
    public string? FlagETag { get; }

    /// <summary>The current state and the stage last written: the last history entry's <see cref="RolloutTransition.To"/>.</summary>
    public RolloutStatus Status => History.Count == 0 ? RolloutStatus.Initial : History[^1].To;

    /// <summary>Why the rollout is paused (the reason of the transition into <see cref="RolloutState.Paused"/>), or null when it is not.</summary>
    public string? PauseReason => Status.State == RolloutState.Paused ? History[^1].Reason : null;

    /// <summary>The percentage of users the flag gives the target now, as last written (0 before the first stage and after a rollback).</summary>
    public double CurrentPercentage => Status.Stage is { } stage ? Stages[stage].Percentage : 0;

    /// <summary>
    /// The plan with one more history entry, from the current status to <paramref name="to"/>.
    /// </summary>
    /// <param name="at">When; not before the last entry.</param>
    /// <param name="to">The new status.</param>
    /// <param name="reason">Why.</param>
    /// <param name="actor">Who.</param>
    /// <param name="flagETag">The flag's ETag after a write; null keeps the current one.</param>
    /// <exception cref="RolloutPlanFormatException">The new entry breaks the plan's rules (time going backwards, a stage out of range, ...).</exception>
    public RolloutPlan WithTransition(DateTimeOffset at, RolloutStatus to, string reason, string actor, string? flagETag = null)
    {
        var history = new List<RolloutTransition>(History) { new(at, Status, to, reason, actor) };
        return new RolloutPlan(FlagName, Label, Target, Start, Stages, history, flagETag ?? FlagETag);
    }

    /// <summary>The plan as written to the store: its JSON value (schema <c>docs/schemas/rollout-plan.schema.json</c>).</summary>
    public string ToJson() => RolloutPlanJson.Write(this);

    /// <summary>Reads a plan value (the JSON of a plan key-value) of the flag <paramref name="flagName"/> and <paramref name="label"/>.</summary>
    /// <exception cref="RolloutPlanFormatException">The value breaks the schema or the plan's rules; the exception names the field.</exception>
    public static RolloutPlan Parse(string flagName, string? label, string json) => RolloutPlanJson.Read(flagName, label, json);

    /// <inheritdoc />
    public override string ToString() => $"rollout of {FlagName}{(Label is null ? string.Empty : $" (label {Label})")}: {Status.State}";
}
