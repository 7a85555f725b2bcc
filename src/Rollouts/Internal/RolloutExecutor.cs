using System.Globalization;
using System.Text.Json.Nodes;
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
        var pauseReason = await WriteFlagAsync(plan, position.Percentage, cancellationToken).ConfigureAwait(false);
        var next = pauseReason.Reason is { } reason
            ? plan.WithTransition(now, plan.Status with { State = RolloutState.Paused }, reason, _actor)
            : plan.WithTransition(now, new RolloutStatus(RolloutState.Running, stage), StageReason(plan, stage), _actor, pauseReason.WrittenETag);
        await SavePlanAsync(planSetting, next, cancellationToken).ConfigureAwait(false);
        return RolloutSchedule.Evaluate(next, now).NextChangeAt;
    }

    /// <summary>Writes the percentage into the flag; answers the new ETag, or why the rollout must pause instead.</summary>
    private async Task<(string? WrittenETag, string? Reason)> WriteFlagAsync(RolloutPlan plan, double percentage, CancellationToken cancellationToken)
    {
        var key = RolloutKeys.FeatureFlagPrefix + plan.FlagName;
        ConfigurationSetting flag;
        try
        {
            flag = (await client.GetConfigurationSettingAsync(key, plan.Label, cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return (null, $"the feature flag '{plan.FlagName}' does not exist");
        }

        string value;
        try
        {
            value = FlagMaterializer.Apply(flag.Value ?? string.Empty, plan.Target, percentage);
        }
        catch (FormatException e)
        {
            return (null, "the feature flag cannot take the rollout: " + e.Message);
        }

        if (plan.FlagETag is { } known && flag.ETag.ToString() != known)
        {
            // An executor that stopped between its flag write and its plan write leaves exactly the due stage in the
            // flag; anything else is someone else's edit.
            return JsonNode.DeepEquals(JsonNode.Parse(flag.Value ?? "null"), JsonNode.Parse(value))
                ? (flag.ETag.ToString(), null)
                : (null, "the feature flag was changed by someone else since the rollout last wrote it; check it and resume");
        }

        flag.Value = value;
        try
        {
            var written = await client.SetConfigurationSettingAsync(flag, onlyIfUnchanged: true, cancellationToken).ConfigureAwait(false);
            return (written.Value.ETag.ToString(), null);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return (null, "the feature flag was changed by someone else while the rollout wrote it (412); check it and resume");
        }
        catch (RequestFailedException e) when (e.Status is 400 or 409)
        {
            return (null, $"the store refused the feature flag's new value ({e.Status}): {e.Message}");
        }
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
