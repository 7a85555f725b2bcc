namespace OpenFeatureAppConfig.Rollouts.Internal;

/// <summary>
/// The rules a plan must keep beyond its JSON shape, checked on every plan built in code or read from the
/// store. Each failure names the field by its path in the plan's JSON.
/// </summary>
internal static class RolloutPlanRules
{
    /// <summary>More stages than anyone steps through by hand keeps a plan value far below the store's size limit.</summary>
    public const int MaxStages = 100;

    /// <summary>Ten years: a longer hold is a mistake, and the limit keeps every schedule sum far inside the calendar.</summary>
    public static readonly TimeSpan MaxHold = TimeSpan.FromDays(3650);

    public static void Check(RolloutPlan plan)
    {
        CheckStages(plan.Stages);
        CheckHistory(plan.History, plan.Stages.Count);
    }

    private static void CheckStages(IReadOnlyList<RolloutStage> stages)
    {
        if (stages.Count == 0)
        {
            throw new RolloutPlanFormatException("stages", "must have at least one stage.");
        }

        if (stages.Count > MaxStages)
        {
            throw new RolloutPlanFormatException("stages", $"has {stages.Count} stages; at most {MaxStages} are allowed.");
        }

        for (var i = 0; i < stages.Count; i++)
        {
            var stage = stages[i] ?? throw new RolloutPlanFormatException($"stages[{i}]", "is missing.");
            if (!(stage.Percentage > 0 && stage.Percentage <= 100))
            {
                throw new RolloutPlanFormatException($"stages[{i}].percentage", $"must be more than 0 and at most 100, not {stage.Percentage}.");
            }

            if (i > 0 && stage.Percentage <= stages[i - 1].Percentage)
            {
                throw new RolloutPlanFormatException($"stages[{i}].percentage", $"must be more than the previous stage's ({stages[i - 1].Percentage}): a rollout only grows.");
            }

            if (stage.Hold < TimeSpan.Zero || stage.Hold > MaxHold)
            {
                throw new RolloutPlanFormatException($"stages[{i}].hold", "must be from zero to ten years (P3650D).");
            }
        }
    }

    private static void CheckHistory(IReadOnlyList<RolloutTransition> history, int stageCount)
    {
        var previous = RolloutStatus.Initial;
        DateTimeOffset? previousAt = null;
        for (var i = 0; i < history.Count; i++)
        {
            var entry = history[i] ?? throw new RolloutPlanFormatException($"history[{i}]", "is missing.");
            var path = $"history[{i}]";
            if (entry.From != previous)
            {
                throw new RolloutPlanFormatException(path + ".from", $"must be the status the previous entry ended in ({Describe(previous)}), not {Describe(entry.From)}.");
            }

            if (previousAt is { } earlier && entry.At < earlier)
            {
                throw new RolloutPlanFormatException(path + ".at", "must not be before the previous entry's time.");
            }

            CheckStatus(entry.To, stageCount, path + ".to");
            if (string.IsNullOrWhiteSpace(entry.Reason))
            {
                throw new RolloutPlanFormatException(path + ".reason", "must say why.");
            }

            if (string.IsNullOrWhiteSpace(entry.Actor))
            {
                throw new RolloutPlanFormatException(path + ".actor", "must say who.");
            }

            previous = entry.To;
            previousAt = entry.At;
        }
    }

    private static void CheckStatus(RolloutStatus status, int stageCount, string path)
    {
        if (!Enum.IsDefined(status.State))
        {
            throw new RolloutPlanFormatException(path + ".state", $"is not a rollout state ({(int)status.State}).");
        }

        if (status.Stage is { } stage && (stage < 0 || stage >= stageCount))
        {
            throw new RolloutPlanFormatException(path + ".stage", $"must be a stage index from 0 to {stageCount - 1}, not {stage}.");
        }

        if (status.State == RolloutState.RolledBack && status.Stage is not null)
        {
            throw new RolloutPlanFormatException(path + ".stage", "must be null when the rollout is rolled back (the flag is at 0 %).");
        }

        if (status.State == RolloutState.Completed && status.Stage != stageCount - 1)
        {
            throw new RolloutPlanFormatException(path + ".stage", $"must be the last stage ({stageCount - 1}) when the rollout is completed.");
        }
    }

    private static string Describe(RolloutStatus status) =>
        $"{RolloutPlanJson.StateName(status.State)}, stage {(status.Stage is { } stage ? stage.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none")}";
}
