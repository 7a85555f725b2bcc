using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;

namespace OpenFeatureAppConfig.Provider.Internal;

/// <summary>
/// Builds the feature manager of a provider created from <see cref="IConfiguration"/>: Microsoft's definition
/// provider over that configuration, the built-in filters (percentage, time window, contextual targeting) and
/// the custom ones, set up as <c>AddFeatureManagement()</c> would.
/// </summary>
internal static class FeatureManagerFactory
{
    public static (FeatureManager Manager, ConfigurationFeatureDefinitionProvider Definitions, DefinitionsConfiguration DefinitionsView) Create(
        IConfiguration configuration,
        FeatureManagementProviderOptions options)
    {
        var loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var view = new DefinitionsConfiguration(configuration);
        var definitions = new ConfigurationFeatureDefinitionProvider(view)
        {
            Logger = loggerFactory.CreateLogger<ConfigurationFeatureDefinitionProvider>(),
        };
        var targeting = new TargetingEvaluationOptions { IgnoreCase = options.IgnoreCase };

        // Filter settings are bound once per flag and cached, as in the DI setup (binding is the costly part).
        var cache = new MemoryCache(new MemoryCacheOptions());
        var timeWindow = new TimeWindowFilter(loggerFactory) { Cache = cache };
        if (options.TimeProvider is not null)
        {
            timeWindow.SystemClock = options.TimeProvider;
        }

        var filters = new List<IFeatureFilterMetadata>
        {
            new PercentageFilter(loggerFactory),
            timeWindow,
            new ContextualTargetingFilter(Options.Create(targeting), loggerFactory),
        };
        filters.AddRange(options.FeatureFilters);

        var manager = new FeatureManager(definitions, new FeatureManagementOptions())
        {
            FeatureFilters = filters,
            AssignerOptions = targeting,
            Cache = cache,
            Logger = loggerFactory.CreateLogger<FeatureManager>(),
        };
        return (manager, definitions, view);
    }
}
