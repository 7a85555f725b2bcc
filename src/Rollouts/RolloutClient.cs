using System.Globalization;
using Azure;
using OpenFeatureAppConfig.AppConfiguration;
using OpenFeatureAppConfig.Rollouts.Internal;

namespace OpenFeatureAppConfig.Rollouts;

/// <summary>
/// A person's (or a tool's) controls over the store's rollouts: start, pause, resume, advance now and roll back.
/// Each writes the plan with <c>If-Match</c> on the plan's ETag (and tries again from a fresh read when the
/// executor wrote it meanwhile). Advance and roll back also write the flag themselves, with <c>If-Match</c>,
/// so they take effect at once, with or without a running executor (docs/rollouts.md, "Controls").
/// </summary>
public class RolloutClient
{
    // A control that loses this many races in a row to the executor or another person gives up with the 412.
    private const int Attempts = 5;

    private readonly AppConfigurationClient _client;
    private readonly TimeProvider _time;

    /// <summary>Creates the controls over the store of <paramref name="client"/> (which needs write access).</summary>
    /// <param name="client">The store's client, with a read-write credential.</param>
    /// <param name="timeProvider">The clock of the history entries; the system clock when null.</param>
    public RolloutClient(AppConfigurationClient client, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>For mocking.</summary>
    protected RolloutClient()
    {
        _client = null!;
        _time = TimeProvider.System;
    }

    /// <summary>Reads the rollout plan of a flag.</summary>
    /// <exception cref="RequestFailedException">No plan (404) or a store error.</exception>
    /// <exception cref="RolloutPlanFormatException">The stored plan is not valid.</exception>
    public virtual async Task<Response<RolloutPlan>> GetRolloutAsync(string flagName, string? label = null, CancellationToken cancellationToken = default)
    {
        var (_, plan, response) = await ReadAsync(flagName, label, cancellationToken).ConfigureAwait(false);
        return Response.FromValue(plan, response);
    }

    /// <summary>
    /// Starts <paramref name="plan"/> (a new plan: no history): stores it, recording the flag's current revision,
    /// for the executor to write its stages when due. A flag's earlier rollout that completed or was rolled back
    /// is replaced; a running or paused one is not (409-like: <see cref="InvalidOperationException"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The flag does not exist or cannot take the rollout, or it has a rollout in progress.</exception>
    public virtual async Task<Response<RolloutPlan>> StartAsync(RolloutPlan plan, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (plan.History.Count != 0)
        {
            throw new ArgumentException("Start a new plan (one without history).", nameof(plan));
        }

        // Fail now, not at the first stage, when the flag is missing or cannot take the target.
        var check = await RolloutFlagWriter.CheckAsync(_client, plan, cancellationToken).ConfigureAwait(false);
        if (check.Refusal is { } refusal)
        {
            throw new InvalidOperationException($"The rollout of '{plan.FlagName}' cannot start: {refusal}.");
        }

        for (var attempt = 1; ; attempt++)
        {
            var started = plan.WithTransition(_time.GetUtcNow(), RolloutStatus.Initial, StartReason(plan), actor, check.ETag);
            var setting = new ConfigurationSetting(RolloutKeys.KeyFor(plan.FlagName), started.ToJson(), plan.Label) { ContentType = RolloutKeys.ContentType };
            try
            {
                var existing = await TryReadAsync(plan.FlagName, plan.Label, cancellationToken).ConfigureAwait(false);
                Response<ConfigurationSetting> written;
                if (existing is null)
                {
                    written = await _client.AddConfigurationSettingAsync(setting, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    if (existing.Value.Plan is { Status.State: RolloutState.Running or RolloutState.Paused } current)
                    {
                        throw new InvalidOperationException($"The flag '{plan.FlagName}' already has a rollout in progress ({current.Status.State}); roll it back or let it complete first.");
                    }

                    // A plan that is finished (or unreadable) is replaced, but only the revision that was looked at.
                    var replaced = existing.Value.Setting;
                    replaced.Value = setting.Value;
                    replaced.ContentType = setting.ContentType;
                    written = await _client.SetConfigurationSettingAsync(replaced, onlyIfUnchanged: true, cancellationToken).ConfigureAwait(false);
                }

                return Response.FromValue(started, written.GetRawResponse());
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < Attempts)
            {
            }
        }
    }

    /// <summary>Pauses a running rollout: the schedule stops (time paused is not counted) and the flag keeps its percentage.</summary>
    /// <exception cref="InvalidOperationException">The rollout is not running.</exception>
    public virtual Task<Response<RolloutPlan>> PauseAsync(string flagName, string? label, string reason, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return ChangeAsync(flagName, label, actor, cancellationToken, (plan, now, _) =>
        {
            Require(plan, "pause", RolloutState.Running);
            return Task.FromResult(plan.WithTransition(now, plan.Status with { State = RolloutState.Paused }, reason, actor));
        });
    }

    /// <summary>
    /// Resumes a paused or rolled-back rollout. It adopts the flag as it is now (its current ETag becomes the plan's
    /// <see cref="RolloutPlan.FlagETag"/>): whoever resumes has looked at the flag, and the executor writes the
    /// next stage into that revision. After a plain pause the schedule goes on where it stopped; after a roll back
    /// (a person's, or a guard's roll back and pause) it starts over from the first stage, every hold in full.
    /// </summary>
    /// <exception cref="InvalidOperationException">The rollout is neither paused nor rolled back, or its flag no longer exists.</exception>
    public virtual Task<Response<RolloutPlan>> ResumeAsync(string flagName, string? label, string actor, string reason = "resumed", CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return ChangeAsync(flagName, label, actor, cancellationToken, async (plan, now, token) =>
        {
            Require(plan, "resume", RolloutState.Paused, RolloutState.RolledBack);
            var etag = await RolloutFlagWriter.CurrentETagAsync(_client, plan, token).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The feature flag '{plan.FlagName}' does not exist: the rollout cannot resume.");
            return plan.WithTransition(now, plan.Status with { State = RolloutState.Running }, reason, actor, etag);
        });
    }

    /// <summary>
    /// Writes the next stage into the flag now, without waiting for the current hold to end; that stage's hold
    /// starts now. At the last stage, completes the rollout.
    /// </summary>
    /// <exception cref="InvalidOperationException">The rollout is not running, or the flag was changed by someone else (resume first).</exception>
    public virtual Task<Response<RolloutPlan>> AdvanceAsync(string flagName, string? label, string actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(flagName, label, actor, cancellationToken, async (plan, now, token) =>
        {
            Require(plan, "advance", RolloutState.Running);
            var last = plan.Stages.Count - 1;
            if (plan.Status.Stage == last)
            {
                return plan.WithTransition(now, plan.Status with { State = RolloutState.Completed }, "completed by hand", actor);
            }

            var stage = (plan.Status.Stage ?? -1) + 1;
            var reason = string.Create(CultureInfo.InvariantCulture, $"advanced by hand to stage {stage + 1} of {plan.Stages.Count}: {plan.Stages[stage].Percentage} %");
            var write = await WriteFlagAsync(plan, plan.Stages[stage].Percentage, reason, overrideEdits: false, token).ConfigureAwait(false);
            return plan.WithTransition(now, new RolloutStatus(RolloutState.Running, stage), reason, actor, write);
        });

    /// <summary>
    /// Rolls the rollout back: writes 0 % into the flag now (over any edit: rolling back is a person's call) and
    /// stops the schedule. Every instance sees it within its refresh interval, with or without an executor.
    /// To try again, resume it (it starts over from the first stage) or start a new plan.
    /// </summary>
    /// <exception cref="InvalidOperationException">The rollout is already rolled back, or its flag cannot be written.</exception>
    public virtual Task<Response<RolloutPlan>> RollBackAsync(string flagName, string? label, string reason, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return ChangeAsync(flagName, label, actor, cancellationToken, async (plan, now, token) =>
        {
            Require(plan, "roll back", RolloutState.Running, RolloutState.Paused, RolloutState.Completed);
            var write = await WriteFlagAsync(plan, 0, "rolled back: " + reason, overrideEdits: true, token).ConfigureAwait(false);
            return plan.WithTransition(now, new RolloutStatus(RolloutState.RolledBack, null), reason, actor, write);
        });
    }

    private async Task<string> WriteFlagAsync(RolloutPlan plan, double percentage, string reason, bool overrideEdits, CancellationToken cancellationToken)
    {
        var write = await RolloutFlagWriter.WriteAsync(_client, plan, percentage, reason, overrideEdits, cancellationToken).ConfigureAwait(false);
        return write switch
        {
            { ETag: { } etag } => etag,
            { IsConflict: true } => throw new RequestFailedException(412, write.Refusal!),
            _ => throw new InvalidOperationException($"The rollout of '{plan.FlagName}' was not changed: {write.Refusal}."),
        };
    }

    /// <summary>Reads the plan, applies <paramref name="change"/> and writes it with If-Match; again from a fresh read after a lost race.</summary>
    private async Task<Response<RolloutPlan>> ChangeAsync(
        string flagName, string? label, string actor, CancellationToken cancellationToken, Func<RolloutPlan, DateTimeOffset, CancellationToken, Task<RolloutPlan>> change)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        for (var attempt = 1; ; attempt++)
        {
            var (setting, plan, _) = await ReadAsync(flagName, label, cancellationToken).ConfigureAwait(false);
            try
            {
                var next = await change(plan, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                setting.Value = next.ToJson();
                setting.ContentType = RolloutKeys.ContentType;
                var written = await _client.SetConfigurationSettingAsync(setting, onlyIfUnchanged: true, cancellationToken).ConfigureAwait(false);
                return Response.FromValue(next, written.GetRawResponse());
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < Attempts)
            {
                // The executor (or another person) changed the plan or the flag meanwhile: decide again on what is there now.
            }
        }
    }

    private async Task<(ConfigurationSetting Setting, RolloutPlan Plan, Response Response)> ReadAsync(string flagName, string? label, CancellationToken cancellationToken)
    {
        var response = await _client.GetConfigurationSettingAsync(RolloutKeys.KeyFor(flagName), label, cancellationToken).ConfigureAwait(false);
        var setting = response.Value;
        return (setting, RolloutPlan.Parse(flagName, label, setting.Value ?? string.Empty), response.GetRawResponse());
    }

    private async Task<(ConfigurationSetting Setting, RolloutPlan? Plan)?> TryReadAsync(string flagName, string? label, CancellationToken cancellationToken)
    {
        try
        {
            var setting = (await _client.GetConfigurationSettingAsync(RolloutKeys.KeyFor(flagName), label, cancellationToken).ConfigureAwait(false)).Value;
            try
            {
                return (setting, RolloutPlan.Parse(flagName, label, setting.Value ?? string.Empty));
            }
            catch (RolloutPlanFormatException)
            {
                return (setting, null);
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    private static void Require(RolloutPlan plan, string action, params RolloutState[] states)
    {
        if (!states.Contains(plan.Status.State))
        {
            throw new InvalidOperationException($"The rollout of '{plan.FlagName}' is {RolloutPlanJson.StateName(plan.Status.State)}: it cannot {action}.");
        }
    }

    private static string StartReason(RolloutPlan plan) => string.Create(
        CultureInfo.InvariantCulture,
        $"started: {string.Join(" → ", plan.Stages.Select(stage => stage.Percentage + " %"))}, first stage at {plan.Start:u}");
}
