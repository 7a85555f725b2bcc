using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.FeatureManagement;

namespace OpenFeatureAppConfig.Hosting.Internal;

/// <summary>
/// Puts <see cref="GuardedFeatureManager"/> in front of the registered <see cref="IFeatureManager"/> and
/// <see cref="IVariantFeatureManager"/>, whatever they are (Microsoft's <c>FeatureManager</c> or the application's
/// own). The request snapshots (<see cref="IFeatureManagerSnapshot"/>, <see cref="IVariantFeatureManagerSnapshot"/>)
/// are built over these two services, so they are guarded too.
/// </summary>
internal static class GuardedFeatureManagerRegistration
{
    public static void Add(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(GuardedFeatureManager)))
        {
            return;
        }

        var featureManager = services.LastOrDefault(d => d.ServiceType == typeof(IFeatureManager) && !d.IsKeyedService);
        var variantFeatureManager = services.LastOrDefault(d => d.ServiceType == typeof(IVariantFeatureManager) && !d.IsKeyedService);
        if (featureManager is null || variantFeatureManager is null)
        {
            return;
        }

        services.AddSingleton(provider => new FlagEvaluationFailures(
            provider.GetService<IConfiguration>(), provider.GetRequiredService<ILogger<FlagEvaluationFailures>>()));
        services.AddSingleton(provider => new GuardedFeatureManager(
            (IFeatureManager)Create(provider, featureManager),
            (IVariantFeatureManager)Create(provider, variantFeatureManager),
            provider.GetRequiredService<FlagEvaluationFailures>()));
        services.Remove(featureManager);
        services.Remove(variantFeatureManager);
        services.AddSingleton<IFeatureManager>(provider => provider.GetRequiredService<GuardedFeatureManager>());
        services.AddSingleton<IVariantFeatureManager>(provider => provider.GetRequiredService<GuardedFeatureManager>());
    }

    /// <summary>
    /// The services the OpenFeature provider is built from: the application's, except that its feature manager
    /// reports failures instead of hiding them, so that a broken flag resolves to an ERROR with its reason.
    /// </summary>
    public static IServiceProvider ForProvider(IServiceProvider services) =>
        services.GetService<GuardedFeatureManager>() is { } guarded ? new ReportingServices(services, guarded.Reporting) : services;

    private static object Create(IServiceProvider provider, ServiceDescriptor descriptor) =>
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(provider)
        ?? ActivatorUtilities.CreateInstance(provider, descriptor.ImplementationType!);

    private sealed class ReportingServices(IServiceProvider services, IVariantFeatureManager featureManager) : IServiceProvider
    {
        public object? GetService(Type serviceType) =>
            serviceType == typeof(IVariantFeatureManager) ? featureManager : services.GetService(serviceType);
    }
}
