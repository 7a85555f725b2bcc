using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenFeatureAppConfig.AppConfiguration;
using OpenFeatureAppConfig.Hosting;
using OpenFeatureAppConfig.Hosting.Internal;

namespace Microsoft.Extensions.Hosting;

/// <summary>Connects the feature flag store to an application (web app, worker or console host).</summary>
public static class FeatureFlagsHostApplicationBuilderExtensions
{
    /// <summary>
    /// Connects the flag store named by configuration — the <c>FeatureFlags</c> section and
    /// <c>ConnectionStrings:AppConfig</c> — so that switching between the emulator, local JSON and Azure is a
    /// configuration change; see <see cref="FeatureFlagsOptions"/>. The store's flags and key-values join the
    /// application's configuration above the appsettings files and below environment variables and command-line
    /// arguments, and a background service keeps them current. With <c>FeatureFlags:Rollouts:Enabled=true</c>, the
    /// app also runs the progressive rollout executor on the same store (it needs write access; docs/rollouts.md).
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="configure">Adjusts the options after they are bound from configuration.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="InvalidOperationException">The configuration names two stores, or a malformed connection string.</exception>
    /// <exception cref="FileNotFoundException">The configured flag file does not exist.</exception>
    public static IHostApplicationBuilder AddFeatureFlags(this IHostApplicationBuilder builder, Action<FeatureFlagsOptions>? configure = null) =>
        builder.AddFeatureFlags(FeatureFlagsOptions.DefaultSectionName, configure);

    /// <summary>
    /// Connects the flag store named by the configuration section <paramref name="sectionName"/> (and its
    /// connection string); see <see cref="AddFeatureFlags(IHostApplicationBuilder, Action{FeatureFlagsOptions}?)"/>.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="sectionName">The configuration section holding the <see cref="FeatureFlagsOptions"/>.</param>
    /// <param name="configure">Adjusts the options after they are bound from configuration.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="InvalidOperationException">The configuration names two stores, or a malformed connection string, or the method was called twice.</exception>
    /// <exception cref="FileNotFoundException">The configured flag file does not exist.</exception>
    public static IHostApplicationBuilder AddFeatureFlags(this IHostApplicationBuilder builder, string sectionName, Action<FeatureFlagsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(sectionName);
        if (builder.Services.Any(d => d.ServiceType == typeof(FlagStoreStatus)))
        {
            throw new InvalidOperationException("AddFeatureFlags was already called; one application connects one flag store.");
        }

        var options = new FeatureFlagsOptions();
        builder.Configuration.GetSection(sectionName).Bind(options);
        configure?.Invoke(options);
        Validate(options, sectionName);

        var loggerFactory = new DeferredLoggerFactory();
        var (kind, store) = FlagStoreConnector.Connect(builder, options, sectionName, loggerFactory);

        var services = builder.Services;
        services.AddSingleton<IOptions<FeatureFlagsOptions>>(Options.Options.Create(options));
        services.AddSingleton(loggerFactory);
        services.AddAzureAppConfiguration();
        services.AddSingleton(provider => new FlagStoreStatus(kind, provider.GetService<IConfigurationRefresherProvider>()));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<FlagStoreRefresher>();
        services.AddHostedService<FlagStoreRefreshService>();
        if (store is not null)
        {
            // The store's data-plane client, for whatever else works on the same store (AddProgressiveRollouts()); created on first use.
            services.TryAddSingleton(_ => store.CreateClient());
        }

        RolloutsConnector.AddIfEnabled(builder, sectionName, store);
        return builder;
    }

    private static void Validate(FeatureFlagsOptions options, string sectionName)
    {
        if (options.RefreshInterval < TimeSpan.FromSeconds(1))
        {
            throw new InvalidOperationException(
                $"{sectionName}:{nameof(FeatureFlagsOptions.RefreshInterval)} is {options.RefreshInterval}; it must be at least 1 second.");
        }

        if (options.StartupTimeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException(
                $"{sectionName}:{nameof(FeatureFlagsOptions.StartupTimeout)} is {options.StartupTimeout}; it must be positive.");
        }

        if (options.PushRefreshMaxDelay < TimeSpan.Zero)
        {
            throw new InvalidOperationException(
                $"{sectionName}:{nameof(FeatureFlagsOptions.PushRefreshMaxDelay)} is {options.PushRefreshMaxDelay}; it must not be negative.");
        }

        if (string.IsNullOrWhiteSpace(options.FlagFilter) || string.IsNullOrWhiteSpace(options.KeyFilter))
        {
            throw new InvalidOperationException(
                $"{sectionName}:{nameof(FeatureFlagsOptions.FlagFilter)} and {sectionName}:{nameof(FeatureFlagsOptions.KeyFilter)} must not be empty (use * for all).");
        }
    }
}
