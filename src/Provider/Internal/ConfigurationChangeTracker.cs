using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace OpenFeatureAppConfig.Provider.Internal;

/// <summary>
/// Decides at each reload of a configuration root whether the flags may be read again from the sections a change
/// feed reports, or must be read whole. The root fires one reload token for any of its providers, so the feed alone
/// cannot say what changed: the reload tokens of the root's other providers are held from one read to the next, and
/// any that fired (a JSON file with flags reloaded, say) makes the next read a full one; so does a change of the
/// providers themselves, a feed that cannot tell, and a reload the feed saw no change in (<c>IConfigurationRoot.Reload()</c>
/// loads every provider again). Not thread-safe: the flag provider calls it under its lock.
/// </summary>
internal sealed class ConfigurationChangeTracker(IConfigurationRoot root, IConfigurationChangeFeed feed)
{
    private IConfigurationProvider[] _providers = [];

    // Per provider in the same order: the reload token held since the last read (null for the feed's own provider).
    private IChangeToken?[] _tokens = [];
    private long _revision;
    private bool _feedInRoot;

    /// <summary>How many reloads read only the reported sections (for tests: the fast path must be taken, not only be right).</summary>
    public int SectionReads { get; private set; }

    /// <summary>Indexes every flag of the configuration, noting first what the next reload compares with.</summary>
    public FlagCatalog Read()
    {
        FullReadStarting();
        return FlagCatalog.FromConfiguration(root);
    }

    /// <summary>
    /// The catalog after a reload: from the sections the feed reports when only they can have changed, otherwise
    /// from every flag key.
    /// </summary>
    public FlagCatalog Reload(FlagCatalog older)
    {
        var sections = TakeChangedSections();
        try
        {
            if (sections is null)
            {
                return older.Reload(root);
            }

            SectionReads++;
            return older.ReloadSections(root, feed, sections);
        }
        catch
        {
            // The caller keeps the older catalog, which misses this reload's changes: the next reload reads everything.
            _feedInRoot = false;
            throw;
        }
    }

    /// <summary>Call before a full read: what changes after this point is what the next reload reports.</summary>
    private void FullReadStarting()
    {
        _providers = [.. root.Providers];
        _tokens = new IChangeToken?[_providers.Length];
        _feedInRoot = false;
        for (var i = 0; i < _providers.Length; i++)
        {
            if (ReferenceEquals(_providers[i], feed.Provider))
            {
                _feedInRoot = true;
                continue;
            }

            _tokens[i] = _providers[i].GetReloadToken();
        }

        // Read after the tokens: a change the full read might miss then shows as a later revision.
        _revision = feed.Revision;
    }

    /// <summary>
    /// The sections changed since the last read, when only the feed's provider changed and the feed can tell;
    /// otherwise null, and the caller reads everything (this call has already prepared for that read).
    /// </summary>
    private IReadOnlyList<string>? TakeChangedSections()
    {
        if (_feedInRoot && SameProviders() && !AnyOtherReloaded()
            && feed.TryGetChangedSections(_revision, out var revision, out var sections) && sections.Count > 0)
        {
            _revision = revision;
            return sections;
        }

        FullReadStarting();
        return null;
    }

    private bool SameProviders()
    {
        var index = 0;
        foreach (var provider in root.Providers)
        {
            if (index == _providers.Length || !ReferenceEquals(provider, _providers[index]))
            {
                return false;
            }

            index++;
        }

        return index == _providers.Length;
    }

    private bool AnyOtherReloaded()
    {
        foreach (var token in _tokens)
        {
            if (token?.HasChanged == true)
            {
                return true;
            }
        }

        return false;
    }
}
