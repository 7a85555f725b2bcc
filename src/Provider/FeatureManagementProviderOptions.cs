using Microsoft.Extensions.Logging;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;
using OpenFeature.Model;

namespace OpenFeatureAppConfig.Provider;

/// <summary>Options of <see cref="FeatureManagementProvider"/>.</summary>
public sealed class FeatureManagementProviderOptions
{
    /// <summary>The default name of the evaluation-context attribute that holds the user's groups.</summary>
    public const string DefaultGroupsAttribute = "groups";

    /// <summary>
    /// The evaluation-context attribute holding the user's groups: a list of strings or one comma-separated
    /// string. Default <c>groups</c>.
    /// </summary>
    public string GroupsAttribute { get; set; } = DefaultGroupsAttribute;

    /// <summary>
    /// Whether user ids and group names are compared ignoring case. Default <see langword="false"/>, as in
    /// Microsoft.FeatureManagement; with it on, rollout results differ from Microsoft's JavaScript library
    /// because the ids are lower-cased before hashing. Applies to the provider built from <c>IConfiguration</c>;
    /// with a feature manager from dependency injection, set it to the value given to
    /// <see cref="TargetingEvaluationOptions.IgnoreCase"/> there (the provider uses it to explain results).
    /// </summary>
    public bool IgnoreCase { get; set; }

    /// <summary>
    /// Maps an evaluation context to the user id and groups used for targeting, replacing the default mapping
    /// (targeting key → user id, <see cref="GroupsAttribute"/> → groups). All attributes still reach custom
    /// filters through <see cref="IEvaluationAttributes"/>.
    /// </summary>
    public Func<EvaluationContext, TargetingContext>? TargetingContextMapper { get; set; }

    /// <summary>
    /// Custom feature filters (<c>IFeatureFilter</c> or <c>IContextualFeatureFilter&lt;T&gt;</c>) added to the
    /// built-in ones when the provider builds its own feature manager from <c>IConfiguration</c>.
    /// </summary>
    public IList<IFeatureFilterMetadata> FeatureFilters { get; } = new List<IFeatureFilterMetadata>();

    /// <summary>The clock of the <c>Microsoft.TimeWindow</c> filter (provider built from <c>IConfiguration</c>). Default: the system clock.</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>How long <c>InitializeAsync</c> waits for the flag source's first load. Default 10 seconds.</summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The flag source's freshness, when it is not discoverable among the providers of the configuration root.
    /// </summary>
    public IFeatureFlagSourceStatus? SourceStatus { get; set; }

    /// <summary>
    /// Which flag sections the configuration's flag source changed at each reload, so that the provider reads only
    /// those instead of every flag key (it falls back to a full read whenever the feed cannot tell, or another
    /// configuration provider reloaded). Default: none, every reload reads all flags. The hosting package's
    /// <c>AddFeatureManagementProvider()</c> sets it for the Azure App Configuration store of <c>AddFeatureFlags()</c>.
    /// </summary>
    public IConfigurationChangeFeed? ChangeFeed { get; set; }

    /// <summary>Logs of the provider and of the feature manager it builds. Default: no logging.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }
}
