namespace OpenFeatureAppConfig.Rollouts;

/// <summary>
/// The schedule as a pure function of a plan (its stages, start and history) and the time: no store, no
/// clock of its own. The rules (docs/rollouts.md, "Schedule"):
/// <list type="bullet">
/// <item>the first stage is due at <see cref="RolloutPlan.Start"/>; stage <c>k + 1</c> is due when stage <c>k</c>
/// has been held for its hold time, counted from the moment stage <c>k</c> was written to the flag (its history entry);</item>
/// <item>time spent paused does not count, so a pause shifts the rest of the schedule by its length;</item>
/// <item>an executor that comes back late lands directly in the last stage that is due (the missed stages
/// are never written), and that stage's hold starts when it is written, so it is never cut short;</item>
/// <item>the rollout is complete once the last stage has been written and held.</item>
/// </list>
/// </summary>
public static class RolloutSchedule
{
    /// <summary>Where <paramref name="plan"/>'s flag should be at <paramref name="now"/>.</summary>
    public static RolloutPosition Evaluate(RolloutPlan plan, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var status = plan.Status;
        var last = plan.Stages.Count - 1;
        switch (status.State)
        {
            case RolloutState.RolledBack:
                return new RolloutPosition(null, 0, IsComplete: false, NextChangeAt: null);
            case RolloutState.Completed:
                return new RolloutPosition(last, plan.Stages[last].Percentage, IsComplete: true, NextChangeAt: null);
            case RolloutState.Paused:
                return new RolloutPosition(status.Stage, plan.CurrentPercentage, IsComplete: false, NextChangeAt: null);
        }

        // Running: walk forward from the stage last written (or from the start), on the clock that stops while paused.
        var written = status.Stage;
        var anchor = written is null ? RestartedAt(plan) ?? plan.Start : WrittenAt(plan);
        var elapsed = ActiveTime(plan.History, anchor, now);
        var due = written ?? -1;
        var needed = written is { } stage ? plan.Stages[stage].Hold : TimeSpan.Zero;
        var reached = TimeSpan.Zero;
        while (due < last && elapsed >= reached + needed)
        {
            reached += needed;
            due++;
            needed = plan.Stages[due].Hold;
        }

        if (due != (written ?? -1))
        {
            // Something is due now: the caller writes stage `due`, whose hold then starts.
            return new RolloutPosition(due, plan.Stages[due].Percentage, IsComplete: false, NextChangeAt: now);
        }

        if (due == last && elapsed >= needed)
        {
            return new RolloutPosition(due, plan.Stages[due].Percentage, IsComplete: true, NextChangeAt: now);
        }

        // Not paused now, so every remaining second of the hold is a second of wall time.
        return new RolloutPosition(
            due < 0 ? null : due,
            due < 0 ? 0 : plan.Stages[due].Percentage,
            IsComplete: false,
            NextChangeAt: Later(now, needed - elapsed));
    }

    /// <summary><paramref name="time"/> + <paramref name="wait"/>, or the end of the calendar for a plan whose times are near it.</summary>
    private static DateTimeOffset Later(DateTimeOffset time, TimeSpan wait) =>
        DateTimeOffset.MaxValue - time < wait ? DateTimeOffset.MaxValue : time + wait;

    /// <summary>When the stage last written was written: the latest history entry that changed the stage.</summary>
    internal static DateTimeOffset WrittenAt(RolloutPlan plan)
    {
        for (var i = plan.History.Count - 1; i >= 0; i--)
        {
            var entry = plan.History[i];
            if (entry.To.Stage != entry.From.Stage)
            {
                return entry.At;
            }
        }

        throw new InvalidOperationException("A plan with a written stage has a history entry that wrote it.");
    }

    /// <summary>
    /// When a rollout that was taken back to 0 % (rolled back, by a person or a guard) ran again: the first entry
    /// into running after the last one that took the stage away; null when none was. The schedule then starts over
    /// from its first stage at that moment, with every hold in full, instead of jumping to where the clock would be.
    /// </summary>
    private static DateTimeOffset? RestartedAt(RolloutPlan plan)
    {
        DateTimeOffset? restarted = null;
        for (var i = plan.History.Count - 1; i >= 0; i--)
        {
            var entry = plan.History[i];
            if (entry.From.Stage is not null && entry.To.Stage is null)
            {
                return restarted;
            }

            if (entry.To.State == RolloutState.Running && entry.From.State != RolloutState.Running)
            {
                restarted = entry.At;
            }
        }

        return null;
    }

    /// <summary>
    /// The time from <paramref name="from"/> to <paramref name="to"/> that the rollout was not paused (negative
    /// when <paramref name="to"/> is earlier: the start is still ahead).
    /// </summary>
    internal static TimeSpan ActiveTime(IReadOnlyList<RolloutTransition> history, DateTimeOffset from, DateTimeOffset to)
    {
        var total = to - from;
        if (total <= TimeSpan.Zero)
        {
            return total;
        }

        DateTimeOffset? pausedSince = null;
        foreach (var entry in history)
        {
            var pausedBefore = entry.From.State == RolloutState.Paused;
            var pausedAfter = entry.To.State == RolloutState.Paused;
            if (!pausedBefore && pausedAfter)
            {
                pausedSince = entry.At;
            }
            else if (pausedBefore && !pausedAfter && pausedSince is { } since)
            {
                total -= Overlap(since, entry.At, from, to);
                pausedSince = null;
            }
        }

        if (pausedSince is { } open)
        {
            total -= Overlap(open, to, from, to);
        }

        return total;
    }

    private static TimeSpan Overlap(DateTimeOffset start, DateTimeOffset end, DateTimeOffset from, DateTimeOffset to)
    {
        var overlap = (end < to ? end : to) - (start > from ? start : from);
        return overlap > TimeSpan.Zero ? overlap : TimeSpan.Zero;
    }
}
