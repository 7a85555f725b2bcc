using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenFeature.Providers.Memory;

namespace OpenFeature.Hosting.Providers.Memory;

/// <summary>Adds an <see cref="InMemoryProvider"/> to an <see cref="OpenFeatureBuilder"/>.</summary>
public static class FeatureBuilderExtensions
{
    /// <summary>Adds an in-memory default provider.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Adds the flags.</param>
    /// <returns>The builder.</returns>
    public static OpenFeatureBuilder AddInMemoryProvider(this OpenFeatureBuilder builder, Action<IDictionary<string, Flag>>? configure = null) =>
        builder.AddProvider<InMemoryProviderOptions>(
            services => FromOptions(services, Options.DefaultName),
            options => configure?.Invoke(options.Flags ??= new Dictionary<string, Flag>(StringComparer.Ordinal)));

    /// <summary>Adds an in-memory default provider whose flags come from the services.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="flagsFactory">Creates the flags.</param>
    /// <returns>The builder.</returns>
    public static OpenFeatureBuilder AddInMemoryProvider(this OpenFeatureBuilder builder, Func<IServiceProvider, IDictionary<string, Flag>?> flagsFactory)
    {
        ArgumentNullException.ThrowIfNull(flagsFactory);
        return builder.AddProvider(services => new InMemoryProvider(flagsFactory(services)));
    }

    /// <summary>Adds an in-memory provider bound to a domain.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="domain">The domain.</param>
    /// <param name="configure">Adds the flags.</param>
    /// <returns>The builder.</returns>
    public static OpenFeatureBuilder AddInMemoryProvider(this OpenFeatureBuilder builder, string domain,
        Action<IDictionary<string, Flag>>? configure = null) =>
        builder.AddProvider<InMemoryProviderOptions>(domain,
            static (services, name) => FromOptions(services, name),
            options => configure?.Invoke(options.Flags ??= new Dictionary<string, Flag>(StringComparer.Ordinal)));

    /// <summary>Adds an in-memory provider bound to a domain, whose flags come from the services.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="domain">The domain.</param>
    /// <param name="flagsFactory">Creates the flags.</param>
    /// <returns>The builder.</returns>
    public static OpenFeatureBuilder AddInMemoryProvider(this OpenFeatureBuilder builder, string domain,
        Func<IServiceProvider, IDictionary<string, Flag>?> flagsFactory)
    {
        ArgumentNullException.ThrowIfNull(flagsFactory);
        return builder.AddInMemoryProvider(domain, (services, _) => flagsFactory(services));
    }

    /// <summary>Adds an in-memory provider bound to a domain, whose flags come from the services and the domain.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="domain">The domain.</param>
    /// <param name="flagsFactory">Creates the flags.</param>
    /// <returns>The builder.</returns>
    public static OpenFeatureBuilder AddInMemoryProvider(this OpenFeatureBuilder builder, string domain,
        Func<IServiceProvider, string, IDictionary<string, Flag>?> flagsFactory)
    {
        ArgumentNullException.ThrowIfNull(flagsFactory);
        return builder.AddProvider(domain, (services, name) => new InMemoryProvider(flagsFactory(services, name)));
    }

    private static InMemoryProvider FromOptions(IServiceProvider services, string name) =>
        new(services.GetRequiredService<IOptionsMonitor<InMemoryProviderOptions>>().Get(name).Flags);
}
