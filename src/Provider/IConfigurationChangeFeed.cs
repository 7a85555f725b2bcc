using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;

namespace OpenFeatureAppConfig.Provider;

/// <summary>
/// Tells which sections of one configuration provider's data changed, so that <see cref="FeatureManagementProvider"/>
/// reads again only the flags in those sections after a configuration reload instead of every flag key (set it as
/// <see cref="FeatureManagementProviderOptions.ChangeFeed"/>; the hosting package does so for an Azure App
/// Configuration store). The provider still reads everything when the feed cannot tell, when another provider of
/// the configuration root reloaded, or when the providers of the root changed, so the flags it sees are always those
/// a full read gives.
/// </summary>
public interface IConfigurationChangeFeed
{
    /// <summary>The configuration provider whose changes the feed reports (one of the providers of the configuration root).</summary>
    IConfigurationProvider Provider { get; }

    /// <summary>The revision of the provider's data in force: it moves on with every change of the data.</summary>
    long Revision { get; }

    /// <summary>
    /// The sections (configuration paths such as <c>feature_management:feature_flags:3</c>) under which the provider's
    /// keys or values changed after <paramref name="sinceRevision"/>, up to <paramref name="revision"/>.
    /// </summary>
    /// <param name="sinceRevision">A revision read earlier from <see cref="Revision"/> or from this method.</param>
    /// <param name="revision">The revision the changes lead up to: the one in force.</param>
    /// <param name="sections">The changed sections, each once; empty when nothing changed.</param>
    /// <returns>False when the feed cannot tell what changed (then everything may have).</returns>
    bool TryGetChangedSections(long sinceRevision, out long revision, [NotNullWhen(true)] out IReadOnlyList<string>? sections);

    /// <summary>
    /// The keys (spelled as in the provider's data) and values the provider holds now under <paramref name="section"/>,
    /// one of the sections reported changed.
    /// </summary>
    /// <param name="section">A section from <see cref="TryGetChangedSections"/>.</param>
    /// <returns>The keys and values; empty when the provider holds none there.</returns>
    IEnumerable<KeyValuePair<string, string?>> ReadSection(string section);
}
