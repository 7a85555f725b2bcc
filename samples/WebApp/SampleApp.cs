using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.FeatureManagement;
using OpenFeature;
using OpenFeatureAppConfig.Guardrails;
using OpenFeatureAppConfig.Hosting;
using OpenFeatureAppConfig.Samples.WebApp.Flags;

namespace OpenFeatureAppConfig.Samples.WebApp;

/// <summary>
/// Builds the sample: flags from App Configuration (an embedded emulator unless configured otherwise), evaluated by
/// Microsoft.FeatureManagement behind the OpenFeature API, targeting the signed-in user of each request.
/// </summary>
public static class SampleApp
{
    /// <summary>The flags the sample's pages use.</summary>
    public static readonly string[] FlagKeys = ["new_checkout", "beta_dashboard", "recommendations", "button_color"];

    /// <summary>Builds the sample app from command-line arguments (<c>--flags</c>, <c>--urls</c>, any setting).</summary>
    /// <param name="args">The command line.</param>
    /// <param name="configureServices">Services registered first (a test's <see cref="RolloutDemoClock"/>, say).</param>
    /// <param name="configure">Runs after the sample's own registrations, before the app is built (tests use it to watch the guards).</param>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<IServiceCollection>? configureServices = null, Action<WebApplicationBuilder>? configure = null)
    {
        // The application name finds the controllers and compiled views in this assembly even when another
        // process (a test host) is the entry point.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = RolloutDemo.ExpandSwitch(BuggyTreatmentDemo.ExpandSwitch(args)),
            ApplicationName = typeof(SampleApp).Assembly.GetName().Name,
        });
        configureServices?.Invoke(builder.Services);
        var source = await SampleFlagStoreSetup.ConfigureAsync(builder);
        builder.Services.AddSingleton(source);
        await RolloutDemo.ConfigureAsync(builder);
        await BuggyTreatmentDemo.ConfigureAsync(builder);
        SampleGuardrails.Configure(builder, BuggyTreatmentDemo.IsOn(builder.Configuration) ? BuggyTreatmentDemo.DemoMinimumSamplePerArm : null);

        // Flags: the store chosen above, refreshed in the background every second (appsettings.json).
        builder.AddFeatureFlags();
        // The provider registration adds targeting (the signed-in user, for [FeatureGate] and <feature> as for the
        // OpenFeature client) to this feature management registration.
        builder.Services.AddFeatureManagement().UseDisabledFeaturesHandler(new BetaDisabledHandler());
        // The flag-aware metrics' hook notes which variant each request got; the exposure hook enrols users in the experiment (SampleGuardrails).
        builder.Services.AddOpenFeature(openFeature => openFeature.AddFeatureManagementProvider()
            .AddHook(services => services.GetRequiredService<FlagAwareMetricsHook>())
            .AddHook(services => services.GetRequiredService<ExperimentExposureHook>()));
        builder.Services.AddHealthChecks().AddFeatureFlags();

        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(cookie => cookie.LoginPath = "/account/signin");
        builder.Services.AddAuthorization();
        builder.Services.AddControllersWithViews();
        builder.Services.AddCors();
        configure?.Invoke(builder);

        var app = builder.Build();
        // First, so that it sees every request's final status, 500s included.
        app.UseFlagAwareMetrics();
        app.UseRouting();
        app.UseCors();
        app.UseAuthentication();
        app.UseFeatureFlagTargeting();
        app.UseAuthorization();

        app.MapControllerRoute("default", "{controller=Home}/{action=Index}/{id?}");
        app.MapGet("/api/flags", FlagsApi.GetAsync);
        app.MapOfrep(ofrep => ofrep.FlagFilter = key => FlagKeys.Contains(key));
        app.MapHealthChecks("/healthz/ready");
        app.MapPrometheusScrapingEndpoint();
        SampleGuardrails.MapReadouts(app, source.PortalUrl);

        // Event Grid pushes, only for callers that know the key: subscribe the store's KeyValueModified and
        // KeyValueDeleted events to https://<app>/appconfig/events?key=<Sample:EventGridKey>.
        if (app.Configuration["Sample:EventGridKey"] is { Length: > 0 } eventGridKey)
        {
            app.MapAppConfigurationEvents("/appconfig/events").AddEndpointFilter(new EventGridKeyFilter(eventGridKey));
        }

        app.Lifetime.ApplicationStarted.Register(() => app.Logger.LogInformation(
            "Flags come from {Source}. {Portal}",
            source.Description,
            source.PortalUrl is null ? string.Empty : $"Toggle them in the portal page: {source.PortalUrl}"));
        return app;
    }
}
