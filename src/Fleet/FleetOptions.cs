using Microsoft.Extensions.Logging;

namespace OpenFeatureAppConfig.Fleet;

/// <summary>How an instance joins its fleet: the Redis connection, the fleet's name, the lease timing.</summary>
public sealed class FleetOptions
{
    /// <summary>
    /// The Redis connection string in StackExchange.Redis's format, e.g.
    /// <c>cache.redis.cache.windows.net:6380,ssl=true,password=...</c> or with <c>user=...</c> for an ACL user.
    /// It holds a secret: it is never logged.
    /// </summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// Names the fleet: instances with the same name share one lease and one snapshot. Give every store and
    /// selection its own name (the same app, store and selection on every instance of one fleet).
    /// </summary>
    public string FleetName { get; set; } = "default";

    /// <summary>This instance's id in the lease (diagnostics only); the machine name and a random suffix by default.</summary>
    public string InstanceId { get; set; } = $"{Environment.MachineName}-{Guid.NewGuid():N}";

    /// <summary>
    /// How long the leader's lease lasts without renewal: 6 seconds by default. A follower tries again when the lease
    /// it was refused runs out (plus up to 2.5 % of it), so a dead leader is replaced at most <see cref="LeaseTime"/>
    /// and that jitter after its last renewal; one that shuts down in order hands over at once.
    /// </summary>
    public TimeSpan LeaseTime { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>
    /// How often the leader renews its lease (a quarter of the lease time by default), and how often an instance
    /// tries for it while Redis does not answer.
    /// </summary>
    public TimeSpan? RenewInterval { get; set; }

    /// <summary>
    /// The largest delta sent inside an announcement, in bytes (64 KiB by default); a larger change is announced
    /// without it and followers load the full snapshot.
    /// </summary>
    public int MaxAnnouncedDeltaBytes { get; set; } = 64 * 1024;

    /// <summary>Loggers (versions, roles, connectivity; never values); none by default.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>The clock for renewals and snapshot age; the system clock by default.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal TimeSpan EffectiveRenewInterval => RenewInterval ?? LeaseTime / 4;

    /// <summary>Throws when a setting is out of range.</summary>
    /// <param name="settingName">How to name a setting in the message (the configuration key when it came from configuration).</param>
    /// <param name="connectionStringSetting">How to name <see cref="ConnectionString"/>.</param>
    internal void Validate(Func<string, string>? settingName = null, string? connectionStringSetting = null)
    {
        settingName ??= static name => $"{nameof(FleetOptions)}.{name}";
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new InvalidOperationException($"{connectionStringSetting ?? settingName(nameof(ConnectionString))} is empty: say which Redis the fleet uses.");
        }

        if (string.IsNullOrWhiteSpace(FleetName) || FleetName.Contains('{') || FleetName.Contains('}'))
        {
            throw new InvalidOperationException($"{settingName(nameof(FleetName))} is '{FleetName}'; it must be non-empty and without braces.");
        }

        if (string.IsNullOrWhiteSpace(InstanceId) || InstanceId.Contains('|'))
        {
            throw new InvalidOperationException($"{settingName(nameof(InstanceId))} is '{InstanceId}'; it must be non-empty and without '|'.");
        }

        if (LeaseTime < TimeSpan.FromMilliseconds(100))
        {
            throw new InvalidOperationException($"{settingName(nameof(LeaseTime))} is {LeaseTime}; it must be at least 100 ms.");
        }

        if (EffectiveRenewInterval <= TimeSpan.Zero || EffectiveRenewInterval >= LeaseTime)
        {
            throw new InvalidOperationException(
                $"{settingName(nameof(RenewInterval))} is {EffectiveRenewInterval}; it must be positive and shorter than {settingName(nameof(LeaseTime))} ({LeaseTime}).");
        }

        if (MaxAnnouncedDeltaBytes < 0)
        {
            throw new InvalidOperationException($"{settingName(nameof(MaxAnnouncedDeltaBytes))} is {MaxAnnouncedDeltaBytes}; it must not be negative (0 announces no deltas).");
        }
    }
}
