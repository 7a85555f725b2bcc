using OpenFeatureAppConfig.AppConfiguration;

namespace OpenFeatureAppConfig.Rollouts;

/// <summary>Options of the rollout executor (<see cref="ProgressiveRolloutsServiceCollectionExtensions.AddProgressiveRollouts"/>).</summary>
public sealed class ProgressiveRolloutOptions
{
    /// <summary>
    /// The store's client. Null: <see cref="ConnectionString"/>, or else an <see cref="AppConfigurationClient"/>
    /// registered in dependency injection. The executor writes flags and plans, so it needs write access.
    /// </summary>
    public AppConfigurationClient? Client { get; set; }

    /// <summary>The store's connection string (with a read-write key), used when <see cref="Client"/> is null.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>This executor's name in the lease and in the plans' history (<c>executor:&lt;id&gt;</c>). Unique per instance.</summary>
    public string InstanceId { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>
    /// The longest wait between two looks at the store (30 s by default): how soon a plan created or resumed
    /// elsewhere is picked up. A due stage is written at its due time, not on the next poll.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the executor's lease lasts without renewal (2 min by default). Another instance takes over at
    /// most this long after the holder stops. Keep it well above <see cref="PollInterval"/> and the clock skew
    /// between instances.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The executor's clock: the schedule's time and its sleeps. Null (the default): the <see cref="System.TimeProvider"/>
    /// registered in dependency injection, else the system clock. Set it to run rollouts on a clock of their own,
    /// e.g. an accelerated one in a demo or a test, without moving the rest of the app's time.
    /// </summary>
    public TimeProvider? TimeProvider { get; set; }
}
