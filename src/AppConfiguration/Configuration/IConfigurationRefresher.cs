namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>Refreshes one App Configuration source; get it from <see cref="IConfigurationRefresherProvider"/> or
/// <see cref="AzureAppConfigurationOptions.GetRefresher"/>.</summary>
public interface IConfigurationRefresher
{
    /// <summary>The store's endpoint.</summary>
    Uri AppConfigurationEndpoint { get; }

    /// <summary>The source's current state, for health checks.</summary>
    AppConfigurationSourceStatus Status { get; }

    /// <summary>
    /// Checks the collections whose refresh interval has passed (or all, after a push notification) and swaps in
    /// the new snapshot if anything changed. Does nothing when nothing is due or a failure backoff is running.
    /// </summary>
    /// <exception cref="Azure.RequestFailedException">The store failed; the previous snapshot stays in force.</exception>
    Task RefreshAsync(CancellationToken cancellationToken = default);

    /// <summary>Like <see cref="RefreshAsync"/>, but logs a failure and returns false instead of throwing.</summary>
    Task<bool> TryRefreshAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes a push notification: remembers its sync token and makes the next refresh due at once (or at a random
    /// moment within <paramref name="maxDelay"/>, to spread the load of many instances).
    /// </summary>
    void ProcessPushNotification(PushNotification notification, TimeSpan? maxDelay = null);

    /// <summary>
    /// Completes when the next refresh is due (an interval passed, a backoff ended, or a push notification
    /// arrived): a background loop awaits this and then calls <see cref="TryRefreshAsync"/>.
    /// </summary>
    Task WaitUntilRefreshDueAsync(CancellationToken cancellationToken = default);
}
