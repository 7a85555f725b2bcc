using Azure.Core;
using OpenFeatureAppConfig.AppConfiguration;

namespace OpenFeatureAppConfig.Hosting.Internal;

/// <summary>
/// How the app reaches its App Configuration store (an access-key connection string, or an endpoint with a
/// credential), resolved once from the options, so that the configuration source and any other client of the same
/// store (the rollout executor) use the same connection and the same credential instance.
/// </summary>
internal sealed class StoreConnection
{
    private readonly string? _connectionString;
    private readonly Uri? _endpoint;
    private readonly TokenCredential? _credential;

    private StoreConnection(string? connectionString, Uri? endpoint, TokenCredential? credential)
    {
        _connectionString = connectionString;
        _endpoint = endpoint;
        _credential = credential;
    }

    public static StoreConnection WithAccessKey(string connectionString) => new(connectionString, null, null);

    public static StoreConnection WithCredential(Uri endpoint, TokenCredential credential) => new(null, endpoint, credential);

    /// <summary>Connects the configuration source; an access-key connection string is parsed here (it throws on a malformed one).</summary>
    public void Apply(AzureAppConfigurationOptions store)
    {
        if (_connectionString is not null)
        {
            store.Connect(_connectionString);
        }
        else
        {
            store.Connect(_endpoint!, _credential!);
        }
    }

    /// <summary>A data-plane client of the same store with the same credential.</summary>
    public AppConfigurationClient CreateClient() =>
        _connectionString is not null ? new AppConfigurationClient(_connectionString) : new AppConfigurationClient(_endpoint!, _credential!);
}
