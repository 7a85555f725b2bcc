using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenFeatureAppConfig.AppConfiguration;

namespace OpenFeatureAppConfig.Hosting.Ofrep;

/// <summary>Whether the flags have loaded at all: an App Configuration source that never loaded has no flags yet.</summary>
internal static class OfrepFlagSource
{
    /// <summary>
    /// True when an App Configuration source in the app's configuration has not loaded yet (the store was down at
    /// startup and there is no last-known-good file). Answering then would tell clients that no flag exists.
    /// </summary>
    public static bool IsNotLoaded(IServiceProvider services) =>
        services.GetService<IConfiguration>() is IConfigurationRoot root
        && root.Providers.OfType<IConfigurationRefresher>().Any(r => r.Status.State == AppConfigurationSourceState.NotLoaded);
}
