using Azure;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>One page of a list request, or the news that the page has not changed (304).</summary>
public sealed class ConfigurationSettingsPage
{
    internal ConfigurationSettingsPage(bool isUnchanged, IReadOnlyList<ConfigurationSetting> settings, ETag etag, string? continuationToken)
    {
        IsUnchanged = isUnchanged;
        Settings = settings;
        ETag = etag;
        ContinuationToken = continuationToken;
    }

    /// <summary>True when the store answered 304: the page still has the entity tag sent; <see cref="Settings"/> is empty.</summary>
    public bool IsUnchanged { get; }

    /// <summary>The settings of the page (empty when unchanged).</summary>
    public IReadOnlyList<ConfigurationSetting> Settings { get; }

    /// <summary>The page's entity tag, for a later conditional request.</summary>
    public ETag ETag { get; }

    /// <summary>The token of the next page (a link relative to the endpoint), or null on the last page.</summary>
    public string? ContinuationToken { get; }
}
