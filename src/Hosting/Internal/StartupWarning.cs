using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OpenFeatureAppConfig.Hosting.Internal;

/// <summary>
/// A configuration mistake found while the application is being built, when its logging does not exist yet:
/// logged as a warning once the host starts, so that it reaches the application's logs.
/// </summary>
internal sealed class StartupWarning(ILogger logger, string messageTemplate, object?[] arguments) : IHostedService
{
    /// <summary>Logs the warning under <paramref name="category"/> when the host built from <paramref name="services"/> starts.</summary>
    public static void Register(IServiceCollection services, string category, string messageTemplate, params object?[] arguments) =>
        services.AddHostedService(provider => new StartupWarning(provider.GetRequiredService<ILoggerFactory>().CreateLogger(category), messageTemplate, arguments));

    public Task StartAsync(CancellationToken cancellationToken)
    {
#pragma warning disable CA2254 // The template is a constant of the caller's.
        logger.LogWarning(messageTemplate, arguments);
#pragma warning restore CA2254
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
