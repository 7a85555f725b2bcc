using Azure.Core;

namespace OpenFeatureAppConfig.Hosting;

/// <summary>
/// Where the feature flags come from and how they are kept current; bound from the <c>FeatureFlags</c>
/// configuration section by <c>AddFeatureFlags</c>, then adjusted by its delegate.
/// </summary>
/// <remarks>
/// The store is chosen by the first of these that is set: <see cref="File"/> (local JSON),
/// <see cref="ConnectionString"/>, the connection string named <see cref="ConnectionStringName"/>
/// (<c>ConnectionStrings:AppConfig</c>), <see cref="Endpoint"/>. A connection string with <c>Id</c> and
/// <c>Secret</c> signs requests with HMAC; one with only <c>Endpoint=</c> (or a bare URL) uses
/// <see cref="Credential"/> (default <c>DefaultAzureCredential</c>). With none of them, the flags are read from the
/// application's own configuration (for example a <c>feature_management</c> section in <c>appsettings.json</c>).
/// </remarks>
public sealed class FeatureFlagsOptions
{
    /// <summary>The configuration section the options are bound from by default.</summary>
    public const string DefaultSectionName = "FeatureFlags";

    /// <summary>The default name of the connection string (<c>ConnectionStrings:AppConfig</c>).</summary>
    public const string DefaultConnectionStringName = "AppConfig";

    /// <summary>A local JSON file of flags (Microsoft Feature Management schema), reloaded when it changes; relative to the content root.</summary>
    public string? File { get; set; }

    /// <summary>The App Configuration connection string; takes precedence over <see cref="ConnectionStringName"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The name of the connection string in <c>ConnectionStrings</c>. Default <c>AppConfig</c>.</summary>
    public string ConnectionStringName { get; set; } = DefaultConnectionStringName;

    /// <summary>The store's endpoint, used with <see cref="Credential"/> when no connection string is set.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The credential for an endpoint without an access key. Default: <c>DefaultAzureCredential</c>.</summary>
    public TokenCredential? Credential { get; set; }

    /// <summary>
    /// A label: flags and key-values without a label are loaded first, then those with this label, which win.
    /// Default: none (only items without a label).
    /// </summary>
    public string? Label { get; set; }

    /// <summary>Which flag ids to load (<c>*</c>, <c>prefix*</c>). Default <c>*</c>.</summary>
    public string FlagFilter { get; set; } = "*";

    /// <summary>
    /// Which key-values of the store to load into the application's configuration as well (<c>*</c>,
    /// <c>prefix*</c>). Default <c>*</c>, as with Microsoft's provider. Flags are never loaded as key-values.
    /// </summary>
    public string KeyFilter { get; set; } = "*";

    /// <summary>A prefix removed from the keys of loaded key-values (for example <c>MyApp:</c>).</summary>
    public string? TrimKeyPrefix { get; set; }

    /// <summary>How often the store is checked for changes (minimum 1 second). Default 30 seconds.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the application's start waits for the store at most; after it the application starts without the
    /// store's data (or with the last-known-good file) and the background refresh loads it later. Default 5 seconds.
    /// </summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether an unreachable store at start fails the start instead. Default <see langword="false"/>.</summary>
    public bool FailFast { get; set; }

    /// <summary>A file keeping the last data loaded from the store, used when the store is unreachable at start.</summary>
    public string? LastKnownGoodFile { get; set; }

    /// <summary>
    /// The longest random delay before the refresh that a push notification triggers, to spread the load of many
    /// instances. Default zero (refresh at once).
    /// </summary>
    public TimeSpan PushRefreshMaxDelay { get; set; }

    /// <summary>
    /// The shortest time between two refreshes that pushes start; pushes that arrive sooner are coalesced into one
    /// pending refresh, so a flood of events costs the store one refresh per interval at most. Default 1 second.
    /// </summary>
    public TimeSpan PushCoalescingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How the per-request evaluation context and targeting context are built from the request's user.</summary>
    public FeatureFlagTargetingOptions Targeting { get; } = new();
}
