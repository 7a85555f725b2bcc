namespace OpenFeatureAppConfig.Rollouts.Tests;

/// <summary>The schedule as a pure function of the plan, its history and the time.</summary>
[TestFixture]
public sealed class RolloutScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    // 1 % for 1 h, 5 % for 2 h, 25 % for 4 h, 100 % held 1 h before the rollout counts as completed.
    private static RolloutPlan NewPlan() => new("new_checkout", null, RolloutTarget.Enabled, Start,
        [new(1, TimeSpan.FromHours(1)), new(5, TimeSpan.FromHours(2)), new(25, TimeSpan.FromHours(4)), new(100, TimeSpan.FromHours(1))]);

    private static RolloutPlan Write(RolloutPlan plan, int stage, DateTimeOffset at) =>
        plan.WithTransition(at, new RolloutStatus(RolloutState.Running, stage), $"stage {stage} due", "executor:test");

    private static RolloutPlan Pause(RolloutPlan plan, DateTimeOffset at) =>
        plan.WithTransition(at, plan.Status with { State = RolloutState.Paused }, "paused by hand", "alice");

    private static RolloutPlan Resume(RolloutPlan plan, DateTimeOffset at) =>
        plan.WithTransition(at, plan.Status with { State = RolloutState.Running }, "resumed", "alice");

    [Test]
    public void Before_the_start_nothing_is_due_and_the_next_change_is_the_start()
    {
        var position = RolloutSchedule.Evaluate(NewPlan(), Start.AddMinutes(-10));
        Assert.That(position, Is.EqualTo(new RolloutPosition(null, 0, false, Start)));
    }

    [Test]
    public void Each_stage_is_due_exactly_when_the_previous_one_has_been_held()
    {
        var plan = NewPlan();
        Assert.That(RolloutSchedule.Evaluate(plan, Start).Stage, Is.EqualTo(0), "the first stage is due at the start");

        plan = Write(plan, 0, Start);
        var held = RolloutSchedule.Evaluate(plan, Start.AddHours(1).AddTicks(-1));
        Assert.That(held, Is.EqualTo(new RolloutPosition(0, 1, false, Start.AddHours(1))), "one tick before the boundary");
        Assert.That(RolloutSchedule.Evaluate(plan, Start.AddHours(1)), Is.EqualTo(new RolloutPosition(1, 5, false, Start.AddHours(1))));

        plan = Write(plan, 1, Start.AddHours(1));
        Assert.That(RolloutSchedule.Evaluate(plan, Start.AddHours(2)).NextChangeAt, Is.EqualTo(Start.AddHours(3)));
        plan = Write(plan, 2, Start.AddHours(3));
        plan = Write(plan, 3, Start.AddHours(7));
        Assert.That(RolloutSchedule.Evaluate(plan, Start.AddHours(8).AddTicks(-1)).IsComplete, Is.False, "the last stage is held too");
        Assert.That(RolloutSchedule.Evaluate(plan, Start.AddHours(8)), Is.EqualTo(new RolloutPosition(3, 100, true, Start.AddHours(8))));

        plan = plan.WithTransition(Start.AddHours(8), new RolloutStatus(RolloutState.Completed, 3), "last stage held", "executor:test");
        Assert.That(RolloutSchedule.Evaluate(plan, Start.AddDays(30)), Is.EqualTo(new RolloutPosition(3, 100, true, null)));
    }

    [Test]
    public void An_executor_that_was_down_jumps_to_the_due_stage_and_holds_it_in_full()
    {
        // Stage 0 written on time; the executor is then down for 5 h: stage 1 was due at +1 h, stage 2 at +3 h.
        var plan = Write(NewPlan(), 0, Start);
        var back = Start.AddHours(5);

        var position = RolloutSchedule.Evaluate(plan, back);
        Assert.That(position, Is.EqualTo(new RolloutPosition(2, 25, false, back)), "straight to 25 %, 5 % is never written");

        // Stage 2's 4 h hold starts when it is written (+5 h), not when it was due (+3 h).
        plan = Write(plan, 2, back);
        Assert.That(RolloutSchedule.Evaluate(plan, Start.AddHours(7)).Stage, Is.EqualTo(2), "the scheduled boundary (+7 h) does not cut the hold");
        Assert.That(RolloutSchedule.Evaluate(plan, back.AddHours(4).AddTicks(-1)).Stage, Is.EqualTo(2));
        Assert.That(RolloutSchedule.Evaluate(plan, back.AddHours(4)).Stage, Is.EqualTo(3));
    }

    [Test]
    public void An_executor_that_starts_after_everything_was_due_lands_in_the_last_stage_and_holds_it()
    {
        var late = Start.AddDays(3);
        var position = RolloutSchedule.Evaluate(NewPlan(), late);
        Assert.That(position, Is.EqualTo(new RolloutPosition(3, 100, false, late)), "not complete before the last stage was written and held");

        var plan = Write(NewPlan(), 3, late);
        Assert.That(RolloutSchedule.Evaluate(plan, late.AddMinutes(59)).IsComplete, Is.False);
        Assert.That(RolloutSchedule.Evaluate(plan, late.AddHours(1)).IsComplete, Is.True);
    }

    [Test]
    public void A_pause_stops_the_clock_and_shifts_the_rest_of_the_schedule()
    {
        var plan = Write(NewPlan(), 0, Start);
        plan = Pause(plan, Start.AddMinutes(30));
        Assert.That(RolloutSchedule.Evaluate(plan, Start.AddHours(10)), Is.EqualTo(new RolloutPosition(0, 1, false, null)), "paused: nothing advances");

        // Paused for 2 h: stage 1 is due at +3 h instead of +1 h, and stage 2 at +5 h instead of +3 h.
        plan = Resume(plan, Start.AddHours(2.5));
        Assert.That(RolloutSchedule.Evaluate(plan, Start.AddHours(2.5)).NextChangeAt, Is.EqualTo(Start.AddHours(3)));
        Assert.That(RolloutSchedule.Evaluate(plan, Start.AddHours(3).AddTicks(-1)).Stage, Is.EqualTo(0));
        Assert.That(RolloutSchedule.Evaluate(plan, Start.AddHours(3)).Stage, Is.EqualTo(1));
        Assert.That(RolloutSchedule.Evaluate(plan, Start.AddHours(5)).Stage, Is.EqualTo(2), "down since +3 h: the jump also counts the pause");
    }

    [Test]
    public void A_pause_over_the_start_delays_the_first_stage_until_the_resume()
    {
        var paused = Pause(NewPlan(), Start.AddHours(-1));
        Assert.That(RolloutSchedule.Evaluate(paused, Start.AddMinutes(30)), Is.EqualTo(new RolloutPosition(null, 0, false, null)));

        var resumed = Resume(paused, Start.AddHours(1));
        Assert.That(RolloutSchedule.Evaluate(resumed, Start.AddHours(1)).Stage, Is.EqualTo(0));
        var written = Write(resumed, 0, Start.AddHours(1));
        Assert.That(RolloutSchedule.Evaluate(written, Start.AddHours(1)).NextChangeAt, Is.EqualTo(Start.AddHours(2)));
    }

    [Test]
    public void A_resume_after_a_roll_back_and_pause_restarts_from_the_first_stage_with_fresh_holds()
    {
        // A guard took the flag from 25 % to 0 % and paused it; a person resumes long after stage 3's time.
        var plan = Write(Write(Write(NewPlan(), 0, Start), 1, Start.AddHours(1)), 2, Start.AddHours(3));
        plan = plan.WithTransition(Start.AddHours(4), new RolloutStatus(RolloutState.Paused, null), "guard tripped; rolled back to 0 % and paused", "executor:test");
        plan = Resume(plan, Start.AddHours(10));

        Assert.That(RolloutSchedule.Evaluate(plan, Start.AddHours(10)), Is.EqualTo(new RolloutPosition(0, 1, false, Start.AddHours(10))), "the first stage, not the one due by the clock");
        plan = Write(plan, 0, Start.AddHours(10));
        Assert.That(RolloutSchedule.Evaluate(plan, Start.AddHours(11).AddTicks(-1)).Stage, Is.EqualTo(0), "the first stage is held in full");
        Assert.That(RolloutSchedule.Evaluate(plan, Start.AddHours(11)).Stage, Is.EqualTo(1));
    }

    [Test]
    public void A_resume_after_a_roll_back_restarts_from_the_first_stage_with_fresh_holds()
    {
        var plan = Write(Write(NewPlan(), 0, Start), 1, Start.AddHours(1));
        plan = plan.WithTransition(Start.AddHours(2), new RolloutStatus(RolloutState.RolledBack, null), "errors", "alice");
        plan = plan.WithTransition(Start.AddDays(1), RolloutStatus.Initial, "resumed", "alice");

        Assert.That(RolloutSchedule.Evaluate(plan, Start.AddDays(1)), Is.EqualTo(new RolloutPosition(0, 1, false, Start.AddDays(1))));
        plan = Write(plan, 0, Start.AddDays(1));
        Assert.That(RolloutSchedule.Evaluate(plan, Start.AddDays(1).AddHours(1)).Stage, Is.EqualTo(1));
    }

    [Test]
    public void A_rolled_back_rollout_is_at_zero_and_never_moves_by_itself()
    {
        var plan = Write(NewPlan(), 1, Start.AddHours(1));
        plan = plan.WithTransition(Start.AddHours(2), new RolloutStatus(RolloutState.RolledBack, null), "errors", "alice");
        Assert.That(RolloutSchedule.Evaluate(plan, Start.AddDays(1)), Is.EqualTo(new RolloutPosition(null, 0, false, null)));
    }
}
