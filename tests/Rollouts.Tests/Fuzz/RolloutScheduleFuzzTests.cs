using CsCheck;
using OpenFeatureAppConfig.TestSupport;

namespace OpenFeatureAppConfig.Rollouts.Tests.Fuzz;

/// <summary>
/// An executor that looks at random moments, with random pauses and resumes, against the schedule's promises:
/// stages only go forward, a missed stage is never written, the stage written is the last one due, and no hold
/// is ever cut short. The time paused is computed here on its own, not with the library's code.
/// </summary>
[TestFixture]
public sealed class RolloutScheduleFuzzTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    private enum Step
    {
        Look,
        Pause,
        Resume,
    }

    [Test]
    public void Stages_only_go_forward_land_on_the_last_due_and_are_held_in_full()
    {
        var stages = Gen.Select(Gen.Int[1, 30], Gen.Int[0, 180]).Array[1, 6];
        var steps = Gen.Select(Gen.Int[0, 240], Gen.Enum<Step>()).Array[1, 40];

        Gen.Select(stages, steps).Sample((stageSpecs, stepSpecs) =>
        {
            var percentage = 0.0;
            var stageList = stageSpecs.Select(spec => new RolloutStage(Math.Min(100, percentage += spec.Item1), TimeSpan.FromMinutes(spec.Item2)))
                .DistinctBy(stage => stage.Percentage).ToList();
            var plan = new RolloutPlan("f", null, RolloutTarget.Enabled, Start, stageList);
            var pauses = new List<(DateTimeOffset From, DateTimeOffset? To)>();
            var writes = new List<(int Stage, DateTimeOffset At)>();
            var now = Start.AddMinutes(-60);

            foreach (var (minutes, step) in stepSpecs)
            {
                now = now.AddMinutes(minutes);
                var status = plan.Status;
                if (step == Step.Pause && status.State == RolloutState.Running)
                {
                    plan = plan.WithTransition(now, status with { State = RolloutState.Paused }, "pause", "fuzz");
                    pauses.Add((now, null));
                    continue;
                }

                if (step == Step.Resume && status.State == RolloutState.Paused)
                {
                    plan = plan.WithTransition(now, status with { State = RolloutState.Running }, "resume", "fuzz");
                    pauses[^1] = (pauses[^1].From, now);
                    continue;
                }

                var position = RolloutSchedule.Evaluate(plan, now);
                Assert.That(position.NextChangeAt is null || position.NextChangeAt >= now, Is.True, "the next change is never in the past");
                if (status.State != RolloutState.Running)
                {
                    Assert.That(position.Stage, Is.EqualTo(status.Stage), "nothing moves unless running");
                    continue;
                }

                var (anchorStage, anchorAt) = writes.Count == 0 ? (-1, Start) : writes[^1];
                var active = Active(pauses, anchorAt, now);
                var expected = anchorStage;
                var needed = anchorStage < 0 ? TimeSpan.Zero : stageList[anchorStage].Hold;
                var sum = TimeSpan.Zero;
                while (expected < stageList.Count - 1 && active >= sum + needed)
                {
                    sum += needed;
                    expected++;
                    needed = stageList[expected].Hold;
                }

                Assert.That(position.Stage ?? -1, Is.EqualTo(expected), $"the stage due at {now:u}");
                if (expected != anchorStage)
                {
                    Assert.That(expected, Is.GreaterThan(anchorStage), "stages only go forward");
                    if (anchorStage >= 0)
                    {
                        Assert.That(Active(pauses, anchorAt, now), Is.GreaterThanOrEqualTo(stageList[anchorStage].Hold), "a hold is never cut short");
                    }

                    plan = plan.WithTransition(now, new RolloutStatus(RolloutState.Running, expected), "due", "fuzz");
                    writes.Add((expected, now));
                }
                else if (position.IsComplete)
                {
                    Assert.That(anchorStage, Is.EqualTo(stageList.Count - 1));
                    Assert.That(active, Is.GreaterThanOrEqualTo(stageList[^1].Hold), "the last stage is held before completion");
                    plan = plan.WithTransition(now, status with { State = RolloutState.Completed }, "done", "fuzz");
                }
            }
        }, seed: FuzzSettings.Seed("1xn1HwIbwfUS"), iter: FuzzSettings.Iterations(2000), threads: 1);
    }

    private static TimeSpan Active(List<(DateTimeOffset From, DateTimeOffset? To)> pauses, DateTimeOffset from, DateTimeOffset to)
    {
        var total = to - from;
        foreach (var (pausedFrom, pausedTo) in pauses)
        {
            var start = pausedFrom > from ? pausedFrom : from;
            var end = (pausedTo ?? to) < to ? pausedTo ?? to : to;
            if (end > start)
            {
                total -= end - start;
            }
        }

        return total;
    }
}
