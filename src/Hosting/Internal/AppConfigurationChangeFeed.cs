using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using OpenFeatureAppConfig.AppConfiguration;
using OpenFeatureAppConfig.Provider;

namespace OpenFeatureAppConfig.Hosting.Internal;

/// <summary>
/// The flag change feed of an App Configuration provider, as the OpenFeature provider takes it: the two packages do
/// not know each other, so the bridge lives here.
/// </summary>
internal sealed class AppConfigurationChangeFeed(AzureAppConfigurationProvider provider) : IConfigurationChangeFeed
{
    public IConfigurationProvider Provider => provider;

    public long Revision => provider.Changes.Revision;

    /// <summary>
    /// The feed of the App Configuration provider of <paramref name="configuration"/> (the last one, as the source
    /// status is found); null when there is none. Any other App Configuration provider is then one whose reloads make
    /// the flag provider read everything, as any other provider's do.
    /// </summary>
    public static AppConfigurationChangeFeed? Find(IConfiguration? configuration) =>
        configuration is IConfigurationRoot root && root.Providers.OfType<AzureAppConfigurationProvider>().LastOrDefault() is { } provider
            ? new AppConfigurationChangeFeed(provider)
            : null;

    public bool TryGetChangedSections(long sinceRevision, out long revision, [NotNullWhen(true)] out IReadOnlyList<string>? sections)
    {
        var known = provider.Changes.TryGetChangedSections(sinceRevision, out revision, out var changed);
        sections = known ? changed : null;
        return known;
    }

    public IEnumerable<KeyValuePair<string, string?>> ReadSection(string section) => provider.Changes.ReadSection(section);
}
