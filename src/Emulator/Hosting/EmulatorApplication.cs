using System.Net;
using OpenFeatureAppConfig.Emulator.Auth;
using OpenFeatureAppConfig.Emulator.Diagnostics;
using OpenFeatureAppConfig.Emulator.Endpoints;
using OpenFeatureAppConfig.Emulator.Faults;
using OpenFeatureAppConfig.Emulator.Portal;
using OpenFeatureAppConfig.Emulator.Protocol;
using OpenFeatureAppConfig.Emulator.Storage;

namespace OpenFeatureAppConfig.Emulator.Hosting;

/// <summary>
/// Builds the emulator's web application: Kestrel on the chosen address, the request log, the last-resort
/// error handler and fault injection in front of everything, then for API paths the common headers (Sync-Token, request ids), problem+json errors,
/// authentication and the api-version check, then the API's endpoints and the portal page.
/// </summary>
internal static class EmulatorApplication
{
    /// <summary>Builds (without starting) the application over the given parts.</summary>
    public static WebApplication Build(EmulatorSettings settings, TimeProvider time, KeyValueStore store, AccessKeySet keys, EmulatorFaults faults, EmulatorRequestLog log, ILoggerFactory loggerFactory)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(EmulatorApplication).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });

        // An in-process emulator must not pick up the host process's appsettings or ASPNETCORE_* variables.
        builder.Configuration.Sources.Clear();
        // One logger factory for the whole emulator (the store logs before the application exists); it is
        // disposed by the emulator, after the application.
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);

        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(ResolveAddress(settings.Host), settings.Port);
        });

        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(time);
        services.AddSingleton(store);
        services.AddSingleton(keys);
        services.AddSingleton(faults);
        services.AddSingleton(log);
        services.AddSingleton(new SyncTokens("emu" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3)).ToLowerInvariant()));
        services.AddSingleton<HmacAuthenticator>();
        services.AddSingleton<TestTokens>();

        var app = builder.Build();
        app.UseMiddleware<RequestLogMiddleware>();
        app.UseMiddleware<UnhandledFailureMiddleware>();
        app.UseMiddleware<FaultInjectionMiddleware>();
        app.UseWhen(context => ApiPaths.IsApi(context.Request.Path), api =>
        {
            api.UseMiddleware<ApiResponseHeadersMiddleware>();
            api.UseMiddleware<ProblemDetailsMiddleware>();
            api.UseMiddleware<AuthenticationMiddleware>();
            api.UseMiddleware<ApiRequestChecksMiddleware>();
        });
        app.UseRouting();
        app.MapAppConfigurationApi();
        app.MapPortal();
        return app;
    }

    /// <summary>The IP address to listen on for <paramref name="host"/>.</summary>
    public static IPAddress ResolveAddress(string host) => host switch
    {
        "localhost" => IPAddress.Loopback,
        "*" or "+" => IPAddress.Any,
        _ => IPAddress.TryParse(host.Trim('[', ']'), out var address)
            ? address
            : throw new ArgumentException($"Host must be an IP address or 'localhost', not '{host}'.", nameof(host)),
    };
}
