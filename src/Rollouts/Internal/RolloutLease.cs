using System.Globalization;
using System.Text.Json;
using Azure;
using OpenFeatureAppConfig.AppConfiguration;

namespace OpenFeatureAppConfig.Rollouts.Internal;

/// <summary>
/// The executors' lease: one key-value every executor of the store competes for with optimistic concurrency
/// (<c>If-None-Match: *</c> to create it, <c>If-Match</c> to renew or take over an expired one), so that two
/// executors never both advance a stage. Expiry is judged on the caller's clock.
/// </summary>
internal sealed class RolloutLease(AppConfigurationClient client, string holder, TimeSpan duration) : IRolloutLeadership
{
    /// <summary>The lease key; outside <see cref="RolloutKeys.KeyPrefix"/>, so plan listings never see it.</summary>
    public const string Key = ".openfeatureappconfig.rollout-lease";

    private DateTimeOffset _heldUntil = DateTimeOffset.MinValue;

    /// <summary>True when this holder has the lease until <paramref name="now"/> + the duration.</summary>
    public async ValueTask<bool> TryAcquireAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var acquired = await TryWriteAsync(now, cancellationToken).ConfigureAwait(false);
        _heldUntil = acquired ? now + duration : DateTimeOffset.MinValue;
        return acquired;
    }

    /// <summary>Judged on this executor's clock from before the lease was written, so never longer than the store's value says.</summary>
    public bool IsHeld(DateTimeOffset now) => now < _heldUntil;

    private async Task<bool> TryWriteAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        ConfigurationSetting? current;
        try
        {
            current = (await client.GetConfigurationSettingAsync(Key, null, cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            current = null;
        }

        var value = Value(now + duration);
        try
        {
            if (current is null)
            {
                await client.AddConfigurationSettingAsync(new ConfigurationSetting(Key, value) { ContentType = "application/json" }, cancellationToken).ConfigureAwait(false);
                return true;
            }

            if (Read(current.Value) is { } lease && lease.Holder != holder && lease.Expires > now)
            {
                return false;
            }

            current.Value = value;
            await client.SetConfigurationSettingAsync(current, onlyIfUnchanged: true, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            // Another executor renewed or took it between our read and our write.
            return false;
        }
    }

    private string Value(DateTimeOffset expires) => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["holder"] = holder,
        ["expires"] = expires.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
    });

    /// <summary>The lease's holder and expiry, or null for a value that is not a lease (taken over like an expired one).</summary>
    private static (string Holder, DateTimeOffset Expires)? Read(string? value)
    {
        try
        {
            using var document = JsonDocument.Parse(value ?? string.Empty);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("holder", out var holder) && holder.ValueKind == JsonValueKind.String
                && root.TryGetProperty("expires", out var expires) && expires.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(expires.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var until))
            {
                return (holder.GetString()!, until);
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }
}
