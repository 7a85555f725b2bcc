using System.Globalization;
using Azure;
using Microsoft.Extensions.Logging;
using OpenFeatureAppConfig.AppConfiguration;

namespace OpenFeatureAppConfig.Rollouts.Internal;

/// <summary>
/// One pass over the store's rollout plans: under the lease, each running plan whose schedule moved is written
/// into its flag (<c>If-Match</c> on the ETag the rollout last wrote) and its history. A flag someone else
/// changed, or that cannot take the rollout, pauses the plan with the reason; a malformed plan is reported and
/// its flag left alone.
/// </summary>
internal sealed partial class RolloutExecutor(
    AppConfigurationClient client,
    ProgressiveRolloutOptions options,
    TimeProvider time,
    ILogger logger,
    IEnumerable<IRolloutGuard>? guards = null,
    IRolloutLeadership? leadership = null)
{
    private readonly IRolloutGuard[] _guards = guards?.ToArray() ?? [];
    private readonly IRolloutLeadership _leadership = leadership ?? new RolloutLease(client, options.InstanceId, options.LeaseDuration);
    private readonly string _actor = "executor:" + options.InstanceId;

    /// <summary>The executor's clock, on which its service also sleeps.</summary>
    public TimeProvider Time => time;

    public async Task<RolloutPass> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var nextRun = now + options.PollInterval;
        if (!await _leadership.TryAcquireAsync(now, cancellationToken).ConfigureAwait(false))
        {
            return new RolloutPass(false, nextRun, []);
        }

        var errors = new List<string>();
        var selector = new SettingSelector { KeyFilter = RolloutKeys.KeyPrefix + "*" };
        await foreach (var setting in client.GetConfigurationSettingsAsync(selector, cancellationToken).ConfigureAwait(false))
        {
            if (!_leadership.IsHeld(time.GetUtcNow()))
            {
                // The pass outlived the leadership: the next leader does the rest.
                LogLeadershipLost(logger, options.InstanceId);
                break;
            }

            var flagName = RolloutKeys.FlagNameOf(setting.Key)!;
            RolloutPlan plan;
            try
            {
                plan = RolloutPlan.Parse(flagName, setting.Label, setting.Value ?? string.Empty);
            }
            catch (RolloutPlanFormatException e)
            {
                var error = $"The rollout plan {setting} is not valid and is skipped: {e.Message}";
                errors.Add(error);
                LogInvalidPlan(logger, setting.ToString(), e.Field, e.Message);
                continue;
            }

            if (await AdvanceAsync(setting, plan, now, cancellationToken).ConfigureAwait(false) is { } due && due < nextRun)
            {
                nextRun = due;
            }
        }

        // Renew well before the lease runs out, whatever the schedule says.
        var renewal = now + options.LeaseDuration / 2;
        return new RolloutPass(true, nextRun < renewal ? nextRun : renewal, errors);
    }

    /// <summary>Moves one plan if its schedule says so; answers when it should be looked at next (null: not by itself).</summary>
    private async Task<DateTimeOffset?> AdvanceAsync(ConfigurationSetting planSetting, RolloutPlan plan, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var position = RolloutSchedule.Evaluate(plan, now);
        if (plan.Status.State != RolloutState.Running)
        {
            return null;
        }

        if (await CheckGuardsAsync(plan, now, cancellationToken).ConfigureAwait(false) is { } trip)
        {
            await RollBackAndPauseAsync(planSetting, plan, now, trip, cancellationToken).ConfigureAwait(false);
            return null;
        }

        if (position.Stage == plan.Status.Stage)
        {
            if (!position.IsComplete)
            {
                return position.NextChangeAt;
            }

            await SavePlanAsync(planSetting, plan.WithTransition(now, plan.Status with { State = RolloutState.Completed }, "last stage held: rollout completed", _actor), cancellationToken).ConfigureAwait(false);
            return null;
        }

        var stage = position.Stage!.Value;
        var stageReason = StageReason(plan, stage);
        var write = await RolloutFlagWriter.WriteAsync(client, plan, position.Percentage, stageReason, overrideEdits: false, cancellationToken).ConfigureAwait(false);
        var next = write.Refusal is { } reason
            ? plan.WithTransition(now, plan.Status with { State = RolloutState.Paused }, reason, _actor)
            : plan.WithTransition(now, new RolloutStatus(RolloutState.Running, stage), stageReason, _actor, write.ETag);
        await SavePlanAsync(planSetting, next, cancellationToken).ConfigureAwait(false);
        return RolloutSchedule.Evaluate(next, now).NextChangeAt;
    }

    /// <summary>Asks every guard about a rollout whose flag is above 0 %; answers the first trip's reason, or null.</summary>
    private async Task<string?> CheckGuardsAsync(RolloutPlan plan, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_guards.Length == 0 || plan.Status.Stage is null)
        {
            return null;
        }

        var context = new RolloutGuardContext(plan, now, RolloutSchedule.WrittenAt(plan));
        foreach (var guard in _guards)
        {
            RolloutGuardResult result;
            try
            {
                result = await guard.CheckAsync(context, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // A broken metrics source must not roll back every rollout; it is logged and the rollout goes on.
                LogGuardFailed(logger, e, guard.Name, plan.ToString());
                continue;
            }

            if (result.Tripped)
            {
                return $"guard '{guard.Name}' tripped: {result.Reason}";
            }

            LogGuardPassed(logger, guard.Name, plan.ToString(), result.Reason);
        }

        return null;
    }

    /// <summary>
    /// The hook for "roll back to 0 % and pause with a reason": writes 0 % and the reason into the flag (with
    /// <c>If-Match</c>, like every write; every instance's provider announces the reason) and pauses the plan at no stage. A flag that cannot be written is left alone and the plan paused
    /// where it is, with both reasons.
    /// </summary>
    private async Task RollBackAndPauseAsync(ConfigurationSetting planSetting, RolloutPlan plan, DateTimeOffset now, string reason, CancellationToken cancellationToken)
    {
        var rolledBack = reason + "; rolled back to 0 % and paused";
        var written = await RolloutFlagWriter.WriteAsync(client, plan, 0, rolledBack, overrideEdits: false, cancellationToken).ConfigureAwait(false);
        var next = written.Refusal is { } refused
            ? plan.WithTransition(now, plan.Status with { State = RolloutState.Paused }, $"{reason}; the flag was NOT taken back to 0 %: {refused}", _actor)
            : plan.WithTransition(now, new RolloutStatus(RolloutState.Paused, null), rolledBack, _actor, written.ETag);
        LogGuardTripped(logger, plan.ToString(), next.History[^1].Reason);
        await SavePlanAsync(planSetting, next, cancellationToken).ConfigureAwait(false);
    }

    private async Task SavePlanAsync(ConfigurationSetting planSetting, RolloutPlan plan, CancellationToken cancellationToken)
    {
        planSetting.Value = plan.ToJson();
        planSetting.ContentType = RolloutKeys.ContentType;
        try
        {
            await client.SetConfigurationSettingAsync(planSetting, onlyIfUnchanged: true, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            // Someone changed the plan meanwhile (paused it, say): theirs stands, the next pass reads it.
            LogPlanChanged(logger, planSetting.ToString());
        }
    }

    private static string StageReason(RolloutPlan plan, int stage) =>
        string.Create(CultureInfo.InvariantCulture, $"stage {stage + 1} of {plan.Stages.Count} due: {plan.Stages[stage].Percentage} %");

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Rollout plan {Plan} is invalid at '{Field}' and is skipped; its flag is left untouched: {Problem}")]
    private static partial void LogInvalidPlan(ILogger logger, string plan, string field, string problem);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Rollout plan {Plan} was changed by someone else during this pass; the next pass reads it")]
    private static partial void LogPlanChanged(ILogger logger, string plan);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Rollout executor {Instance} lost its leadership during a pass and stopped writing")]
    private static partial void LogLeadershipLost(ILogger logger, string instance);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Rollout {Plan}: {Reason}")]
    private static partial void LogGuardTripped(ILogger logger, string plan, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Rollout guard '{Guard}' failed on {Plan}; the rollout goes on")]
    private static partial void LogGuardFailed(ILogger logger, Exception exception, string guard, string plan);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "Rollout guard '{Guard}' passed {Plan}: {Reason}")]
    private static partial void LogGuardPassed(ILogger logger, string guard, string plan, string reason);
}
