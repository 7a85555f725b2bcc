using Azure;
using OpenFeatureAppConfig.AppConfiguration;

namespace OpenFeatureAppConfig.Rollouts.Internal;

/// <summary>
/// Writes a rollout's percentage into its feature flag, always with <c>If-Match</c> on the ETag read just
/// before, shared by the executor (schedule) and <see cref="RolloutClient"/> (a person's advance or roll back).
/// </summary>
internal static class RolloutFlagWriter
{
    /// <summary>
    /// Writes <paramref name="percentage"/> into <paramref name="plan"/>'s flag, with <paramref name="reason"/> in its
    /// telemetry metadata (see <see cref="FlagMaterializer.ReasonMetadataKey"/>). Unless <paramref name="overrideEdits"/>,
    /// a flag whose ETag is not the plan's <see cref="RolloutPlan.FlagETag"/> was edited by someone else and is
    /// left alone (the refusal says so); a roll back overrides edits, since it is itself a person's decision.
    /// </summary>
    public static async Task<RolloutFlagWrite> WriteAsync(
        AppConfigurationClient client, RolloutPlan plan, double percentage, string reason, bool overrideEdits, CancellationToken cancellationToken)
    {
        var (flag, value, refusal) = await ReadAndApplyAsync(client, plan, percentage, reason, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return RolloutFlagWrite.Refused(refusal);
        }

        if (!overrideEdits && plan.FlagETag is { } known && flag!.ETag.ToString() != known)
        {
            // An executor that stopped between its flag write and its plan write leaves exactly the due stage in the
            // flag (its reason may have been worded with other numbers); anything else is someone else's edit.
            return FlagMaterializer.SameApartFromReason(flag.Value ?? "null", value!)
                ? RolloutFlagWrite.Written(flag.ETag.ToString())
                : RolloutFlagWrite.Refused("the feature flag was changed by someone else since the rollout last wrote it; check it and resume");
        }

        flag!.Value = value;
        try
        {
            var written = await client.SetConfigurationSettingAsync(flag, onlyIfUnchanged: true, cancellationToken).ConfigureAwait(false);
            return RolloutFlagWrite.Written(written.Value.ETag.ToString());
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return RolloutFlagWrite.Refused("the feature flag was changed by someone else while the rollout wrote it (412); check it and resume", conflict: true);
        }
        catch (RequestFailedException e) when (e.Status is 400 or 409)
        {
            return RolloutFlagWrite.Refused($"the store refused the feature flag's new value ({e.Status}): {e.Message}");
        }
    }

    /// <summary>Whether <paramref name="plan"/>'s first stage can be written into its flag; the flag's current ETag when so.</summary>
    public static async Task<RolloutFlagWrite> CheckAsync(AppConfigurationClient client, RolloutPlan plan, CancellationToken cancellationToken)
    {
        var (flag, _, refusal) = await ReadAndApplyAsync(client, plan, plan.Stages[0].Percentage, reason: null, cancellationToken).ConfigureAwait(false);
        return refusal is null ? RolloutFlagWrite.Written(flag!.ETag.ToString()) : RolloutFlagWrite.Refused(refusal);
    }

    /// <summary>The current ETag of <paramref name="plan"/>'s flag, or null when the flag does not exist.</summary>
    public static async Task<string?> CurrentETagAsync(AppConfigurationClient client, RolloutPlan plan, CancellationToken cancellationToken)
    {
        var (flag, _, _) = await ReadAndApplyAsync(client, plan, percentage: null, reason: null, cancellationToken).ConfigureAwait(false);
        return flag?.ETag.ToString();
    }

    /// <summary>Reads the flag and, for a <paramref name="percentage"/>, the value it would have with it; or why it cannot.</summary>
    private static async Task<(ConfigurationSetting? Flag, string? Value, string? Refusal)> ReadAndApplyAsync(
        AppConfigurationClient client, RolloutPlan plan, double? percentage, string? reason, CancellationToken cancellationToken)
    {
        ConfigurationSetting flag;
        try
        {
            flag = (await client.GetConfigurationSettingAsync(RolloutKeys.FeatureFlagPrefix + plan.FlagName, plan.Label, cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return (null, null, $"the feature flag '{plan.FlagName}' does not exist");
        }

        if (percentage is not { } share)
        {
            return (flag, null, null);
        }

        try
        {
            return (flag, FlagMaterializer.Apply(flag.Value ?? string.Empty, plan.Target, share, reason), null);
        }
        catch (FormatException e)
        {
            return (flag, null, "the feature flag cannot take the rollout: " + e.Message);
        }
    }
}

/// <summary>The outcome of <see cref="RolloutFlagWriter.WriteAsync"/>: the flag's new ETag, or why nothing was written.</summary>
/// <param name="ETag">The flag revision that now holds the percentage; null when refused.</param>
/// <param name="Refusal">Why the flag was not written, in words for the plan's history; null when written.</param>
/// <param name="IsConflict">The write lost a race (412): trying again from a fresh read may succeed.</param>
internal sealed record RolloutFlagWrite(string? ETag, string? Refusal, bool IsConflict)
{
    public static RolloutFlagWrite Written(string etag) => new(etag, null, false);

    public static RolloutFlagWrite Refused(string reason, bool conflict = false) => new(null, reason, conflict);
}
