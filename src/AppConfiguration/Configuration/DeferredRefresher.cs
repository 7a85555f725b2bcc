namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// The refresher handed out by <see cref="AzureAppConfigurationOptions.GetRefresher"/> before the provider exists;
/// it forwards to the provider built last from those options.
/// </summary>
internal sealed class DeferredRefresher : IConfigurationRefresher
{
    private volatile IConfigurationRefresher? _target;

    public Uri AppConfigurationEndpoint => Target.AppConfigurationEndpoint;

    public AppConfigurationSourceStatus Status => _target?.Status ?? AppConfigurationSourceStatus.Initial;

    private IConfigurationRefresher Target =>
        _target ?? throw new InvalidOperationException("The configuration has not been built yet; call Build() first.");

    public void Attach(IConfigurationRefresher target) => _target = target;

    public Task RefreshAsync(CancellationToken cancellationToken = default) => Target.RefreshAsync(cancellationToken);

    public Task<bool> TryRefreshAsync(CancellationToken cancellationToken = default) => Target.TryRefreshAsync(cancellationToken);

    public void ProcessPushNotification(PushNotification notification, TimeSpan? maxDelay = null) =>
        Target.ProcessPushNotification(notification, maxDelay);

    public Task WaitUntilRefreshDueAsync(CancellationToken cancellationToken = default) => Target.WaitUntilRefreshDueAsync(cancellationToken);
}
