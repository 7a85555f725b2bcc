namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>The state of an App Configuration source, for health checks. Immutable; a new one after each attempt.</summary>
/// <param name="State">How current the configuration is.</param>
/// <param name="LastSuccessfulLoad">When the store last answered a load or refresh successfully, or null.</param>
/// <param name="StaleSince">Since when the snapshot has not been confirmed current (first failure), or null when current.</param>
/// <param name="LastError">The last failure, without secrets (e.g. <c>HTTP 503 (ServiceUnavailable)</c>), or null.</param>
/// <param name="ConsecutiveFailures">Failed attempts since the last success.</param>
/// <param name="FromLastKnownGoodFile">True while the snapshot in force came from the last-known-good file.</param>
public sealed record AppConfigurationSourceStatus(
    AppConfigurationSourceState State,
    DateTimeOffset? LastSuccessfulLoad,
    DateTimeOffset? StaleSince,
    string? LastError,
    int ConsecutiveFailures,
    bool FromLastKnownGoodFile)
{
    /// <summary>
    /// The flags the store holds in a form that cannot be read (broken JSON, a field of the wrong type), by name.
    /// Each is served in its last good version, or left out when there is none.
    /// </summary>
    public IReadOnlyList<string> MalformedFeatureFlags { get; init; } = [];

    /// <summary>In fleet mode, this instance's view of its fleet (role, connectivity, snapshot version and age); else null.</summary>
    public FleetStatus? Fleet { get; init; }

    internal static AppConfigurationSourceStatus Initial { get; } = new(AppConfigurationSourceState.NotLoaded, null, null, null, 0, false);
}
