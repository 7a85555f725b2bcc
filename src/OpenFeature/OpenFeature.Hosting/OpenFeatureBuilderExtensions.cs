using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenFeature.Constant;
using OpenFeature.Hosting;
using OpenFeature.Hosting.Internal;
using OpenFeature.Model;

namespace OpenFeature;

/// <summary>Adds providers, context, hooks, handlers and policies to an <see cref="OpenFeatureBuilder"/>.</summary>
public static class OpenFeatureBuilderExtensions
{
    /// <summary>Configures the evaluation context of the injected clients.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets the context's attributes.</param>
    /// <returns>The builder.</returns>
    public static OpenFeatureBuilder AddContext(this OpenFeatureBuilder builder, Action<EvaluationContextBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return builder.AddContext((context, _) => configure(context));
    }

    /// <summary>Configures the evaluation context of the injected clients from the services.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets the context's attributes; runs each time a client is created.</param>
    /// <returns>The builder.</returns>
    public static OpenFeatureBuilder AddContext(this OpenFeatureBuilder builder,
        Action<EvaluationContextBuilder, IServiceProvider> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.IsContextConfigured = true;
        var source = builder.Services.FirstOrDefault(d => d.ServiceType == typeof(ClientContextSource))?.ImplementationInstance as ClientContextSource;
        if (source is null)
        {
            source = new ClientContextSource();
            builder.Services.AddSingleton(source);
            builder.Services.TryAddTransient(services => services.GetRequiredService<ClientContextSource>().Build(services));
        }

        source.Add(configure);
        return builder;
    }

    /// <summary>Adds the default provider.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="implementationFactory">Creates the provider.</param>
    /// <returns>The builder.</returns>
    public static OpenFeatureBuilder AddProvider(this OpenFeatureBuilder builder, Func<IServiceProvider, FeatureProvider> implementationFactory) =>
        builder.AddProvider<OpenFeatureOptions>(implementationFactory, null);

    /// <summary>Adds the default provider, with provider options.</summary>
    /// <typeparam name="TOptions">The provider's options type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="implementationFactory">Creates the provider.</param>
    /// <param name="configureOptions">Configures the provider's options.</param>
    /// <returns>The builder.</returns>
    public static OpenFeatureBuilder AddProvider<TOptions>(this OpenFeatureBuilder builder,
        Func<IServiceProvider, FeatureProvider> implementationFactory, Action<TOptions>? configureOptions)
        where TOptions : OpenFeatureOptions
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(implementationFactory);
        builder.HasDefaultProvider = true;
        builder.Services.Configure<OpenFeatureOptions>(options => options.AddDefaultProviderName());
        if (configureOptions is not null)
        {
            builder.Services.Configure(configureOptions);
        }

        builder.Services.TryAddSingleton(implementationFactory);
        return builder;
    }

    /// <summary>Adds a provider bound to a domain.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="domain">The domain.</param>
    /// <param name="implementationFactory">Creates the provider from the services and the domain.</param>
    /// <returns>The builder.</returns>
    public static OpenFeatureBuilder AddProvider(this OpenFeatureBuilder builder, string domain,
        Func<IServiceProvider, string, FeatureProvider> implementationFactory) =>
        builder.AddProvider<OpenFeatureOptions>(domain, implementationFactory, null);

    /// <summary>Adds a provider bound to a domain, with provider options (named after the domain).</summary>
    /// <typeparam name="TOptions">The provider's options type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="domain">The domain.</param>
    /// <param name="implementationFactory">Creates the provider from the services and the domain.</param>
    /// <param name="configureOptions">Configures the provider's options.</param>
    /// <returns>The builder.</returns>
    public static OpenFeatureBuilder AddProvider<TOptions>(this OpenFeatureBuilder builder, string domain,
        Func<IServiceProvider, string, FeatureProvider> implementationFactory, Action<TOptions>? configureOptions)
        where TOptions : OpenFeatureOptions
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(domain);
        ArgumentNullException.ThrowIfNull(implementationFactory);
        builder.DomainBoundProviderRegistrationCount++;
        builder.Services.Configure<OpenFeatureOptions>(options => options.AddProviderName(domain));
        if (configureOptions is not null)
        {
            builder.Services.Configure(domain, configureOptions);
        }

        builder.Services.TryAddKeyedSingleton(domain, (services, _) => implementationFactory(services, domain));
        builder.Services.TryAddKeyedTransient(domain, (services, _) => FeatureClientFactory.Create(services, domain));
        return builder;
    }

    /// <summary>Says which domain the <see cref="IFeatureClient"/> injected without a key uses.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configureOptions">Sets <see cref="PolicyNameOptions.DefaultNameSelector"/>.</param>
    /// <returns>The builder.</returns>
    public static OpenFeatureBuilder AddPolicyName(this OpenFeatureBuilder builder, Action<PolicyNameOptions> configureOptions) =>
        builder.AddPolicyName<PolicyNameOptions>(configureOptions);

    /// <summary>Says which domain the <see cref="IFeatureClient"/> injected without a key uses.</summary>
    /// <typeparam name="TOptions">The policy options type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="configureOptions">Configures the policy.</param>
    /// <returns>The builder.</returns>
    public static OpenFeatureBuilder AddPolicyName<TOptions>(this OpenFeatureBuilder builder, Action<TOptions> configureOptions)
        where TOptions : PolicyNameOptions
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configureOptions);
        builder.IsPolicyConfigured = true;
        builder.Services.Configure(configureOptions);
        if (typeof(TOptions) != typeof(PolicyNameOptions))
        {
            builder.Services.Configure<PolicyNameOptions>(options =>
            {
                var typed = Activator.CreateInstance<TOptions>();
                configureOptions(typed);
                options.DefaultNameSelector = typed.DefaultNameSelector;
            });
        }

        return builder;
    }

    /// <summary>Adds a global hook of type <typeparamref name="THook"/>, keyed by the type's name.</summary>
    /// <typeparam name="THook">The hook type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="implementationFactory">Creates the hook; the container does when null.</param>
    /// <returns>The builder.</returns>
    public static OpenFeatureBuilder AddHook<THook>(this OpenFeatureBuilder builder, Func<IServiceProvider, THook>? implementationFactory = null)
        where THook : Hook =>
        builder.AddHook(typeof(THook).Name, implementationFactory);

    /// <summary>Adds a global hook instance, keyed by its type's name.</summary>
    /// <typeparam name="THook">The hook type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="hook">The hook.</param>
    /// <returns>The builder.</returns>
    public static OpenFeatureBuilder AddHook<THook>(this OpenFeatureBuilder builder, THook hook)
        where THook : Hook =>
        builder.AddHook(typeof(THook).Name, hook);

    /// <summary>Adds a named global hook.</summary>
    /// <typeparam name="THook">The hook type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="hookName">The hook's key.</param>
    /// <param name="implementationFactory">Creates the hook; the container does when null.</param>
    /// <returns>The builder.</returns>
    public static OpenFeatureBuilder AddHook<THook>(this OpenFeatureBuilder builder, string hookName,
        Func<IServiceProvider, THook>? implementationFactory = null)
        where THook : Hook
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(hookName);
        builder.Services.Configure<OpenFeatureOptions>(options => options.AddHookName(hookName));
        if (implementationFactory is null)
        {
            builder.Services.TryAddKeyedSingleton<Hook, THook>(hookName);
        }
        else
        {
            builder.Services.TryAddKeyedSingleton<Hook>(hookName, (services, _) => implementationFactory(services));
        }

        return builder;
    }

    /// <summary>Adds a named global hook instance.</summary>
    /// <typeparam name="THook">The hook type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="hookName">The hook's key.</param>
    /// <param name="hook">The hook.</param>
    /// <returns>The builder.</returns>
    public static OpenFeatureBuilder AddHook<THook>(this OpenFeatureBuilder builder, string hookName, THook hook)
        where THook : Hook
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(hookName);
        ArgumentNullException.ThrowIfNull(hook);
        builder.Services.Configure<OpenFeatureOptions>(options => options.AddHookName(hookName));
        builder.Services.TryAddKeyedSingleton<Hook>(hookName, hook);
        return builder;
    }

    /// <summary>Adds an API-level provider event handler.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="type">The event type.</param>
    /// <param name="eventHandlerDelegate">The handler.</param>
    /// <returns>The builder.</returns>
    public static OpenFeatureBuilder AddHandler(this OpenFeatureBuilder builder, ProviderEventTypes type, EventHandlerDelegate eventHandlerDelegate)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(eventHandlerDelegate);
        builder.Services.AddSingleton(new EventHandlerRegistration(type, eventHandlerDelegate));
        return builder;
    }

    /// <summary>Adds an API-level provider event handler created from the services.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="type">The event type.</param>
    /// <param name="implementationFactory">Creates the handler.</param>
    /// <returns>The builder.</returns>
    public static OpenFeatureBuilder AddHandler(this OpenFeatureBuilder builder, ProviderEventTypes type,
        Func<IServiceProvider, EventHandlerDelegate> implementationFactory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(implementationFactory);
        builder.Services.AddSingleton(services => new EventHandlerRegistration(type, implementationFactory(services)));
        return builder;
    }

    /// <summary>Adds the hosted service that initializes the providers at start and shuts them down at stop.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configureOptions">Chooses the lifecycle stages.</param>
    /// <returns>The builder.</returns>
    public static OpenFeatureBuilder AddHostedFeatureLifecycle(this OpenFeatureBuilder builder,
        Action<FeatureLifecycleStateOptions>? configureOptions = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (configureOptions is not null)
        {
            builder.Services.Configure(configureOptions);
        }

        builder.Services.AddHostedService<HostedFeatureLifecycleService>();
        return builder;
    }
}
