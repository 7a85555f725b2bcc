using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using OpenFeatureAppConfig.Provider;

namespace OpenFeatureAppConfig.Provider.Tests;

/// <summary>
/// A configuration provider that reports which flag sections each of its reloads changed, as an App Configuration
/// store's provider does: edits are made with <see cref="Edit"/>, and <see cref="Commit"/> makes them one revision and
/// fires the reload token. <see cref="CommitUntracked"/> changes the data the way a provider that loses track does
/// (the feed then cannot tell what changed).
/// </summary>
internal sealed class ChangeReportingConfiguration : ConfigurationProvider, IConfigurationSource, IConfigurationChangeFeed
{
    private const string MicrosoftFlags = "feature_management:feature_flags:";
    private const string DotnetFlags = "FeatureManagement:";

    private readonly List<(long Revision, HashSet<string> Sections)> _revisions = [];
    private readonly HashSet<string> _pending = new(StringComparer.OrdinalIgnoreCase);
    private long _knownSince;

    public IConfigurationProvider Provider => this;

    public long Revision { get; private set; }

    /// <summary>Makes the next <see cref="ReadSection"/> throw, as a source failing mid-read does.</summary>
    public bool FailNextRead { get; set; }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

    /// <summary>Sets (or, with null, removes) a key; it takes effect at once, and is reported at the next commit.</summary>
    public void Edit(string key, string? value)
    {
        if (value is null)
        {
            Data.Remove(key);
        }
        else
        {
            Data[key] = value;
        }

        _pending.Add(SectionOf(key));
    }

    /// <summary>Makes the edits since the last commit one revision and fires the reload token.</summary>
    public void Commit()
    {
        if (_pending.Count > 0)
        {
            Revision++;
            _revisions.Add((Revision, [.. _pending]));
            _pending.Clear();
        }

        OnReload();
    }

    /// <summary>Makes the edits one revision the feed cannot tell about, and fires the reload token.</summary>
    public void CommitUntracked()
    {
        Revision++;
        _knownSince = Revision;
        _revisions.Clear();
        _pending.Clear();
        OnReload();
    }

    public bool TryGetChangedSections(long sinceRevision, out long revision, [NotNullWhen(true)] out IReadOnlyList<string>? sections)
    {
        revision = Revision;
        sections = null;
        if (sinceRevision < _knownSince || sinceRevision > Revision)
        {
            return false;
        }

        sections = [.. _revisions.Where(r => r.Revision > sinceRevision).SelectMany(r => r.Sections).Distinct(StringComparer.OrdinalIgnoreCase)];
        return true;
    }

    public IEnumerable<KeyValuePair<string, string?>> ReadSection(string section)
    {
        if (FailNextRead)
        {
            FailNextRead = false;
            throw new InvalidOperationException("The source failed mid-read.");
        }

        return [.. Data.Where(pair => pair.Key.Equals(section, StringComparison.OrdinalIgnoreCase)
            || pair.Key.StartsWith(section + ":", StringComparison.OrdinalIgnoreCase))];
    }

    /// <summary>The flag section a key lies in: <c>feature_management:feature_flags:{i}</c> or <c>FeatureManagement:{name}</c>.</summary>
    private static string SectionOf(string key)
    {
        var prefix = key.StartsWith(MicrosoftFlags, StringComparison.OrdinalIgnoreCase) ? MicrosoftFlags
            : key.StartsWith(DotnetFlags, StringComparison.OrdinalIgnoreCase) ? DotnetFlags
            : throw new ArgumentException($"{key} lies in no flag section.", nameof(key));
        var end = key.IndexOf(':', prefix.Length);
        return end < 0 ? key : key[..end];
    }
}
