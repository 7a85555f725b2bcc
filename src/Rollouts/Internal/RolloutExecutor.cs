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
internal sealed partial class RolloutExecutor(AppConfigurationClient client, ProgressiveRolloutOptions options, TimeProvider time, ILogger logger)
{
    private readonly RolloutLease _lease = new(client, options.InstanceId, options.LeaseDuration);
    private readonly string _actor = "executor:" + options.InstanceId;

    public async Task<RolloutPass> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var nextRun = now + options.PollInterval;
        if (!await _lease.TryAcquireAsync(now, cancellationToken).ConfigureAwait(false))
        {
            return new RolloutPass(false, nextRun, []);
        }

        var errors = new List<string>();
        var selector = new SettingSelector { KeyFilter = RolloutKeys.KeyPrefix + "*" };
        await foreach (var setting in client.GetConfigurationSettingsAsync(selector, cancellationToken).ConfigureAwait(false))
        {
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
        var write = await RolloutFlagWriter.WriteAsync(client, plan, position.Percentage, overrideEdits: false, cancellationToken).ConfigureAwait(false);
        var next = write.Refusal is { } reason
            ? plan.WithTransition(now, plan.Status with { State = RolloutState.Paused }, reason, _actor)
            : plan.WithTransition(now, new RolloutStatus(RolloutState.Running, stage), StageReason(plan, stage), _actor, write.ETag);
        await SavePlanAsync(planSetting, next, cancellationToken).ConfigureAwait(false);
        return RolloutSchedule.Evaluate(next, now).NextChangeAt;
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
}
