using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.FeatureManagement;
using OpenFeature;
using OpenFeatureAppConfig.Emulator;
using OpenFeatureAppConfig.Hosting.Tests.Support;
using OpenFeatureAppConfig.TestSupport;

namespace OpenFeatureAppConfig.Fleet.Tests.Integration;

/// <summary>
/// One instance of a web app in fleet mode: a real ASP.NET Core host on Kestrel (free loopback port), configured
/// as a user's would be (<c>ConnectionStrings:AppConfig</c>, <c>ConnectionStrings:FlagFleet</c>, <c>AddFeatureFlags</c>,
/// the Feature Management provider for OpenFeature, targeting of the signed-in user). It reaches the store through a
/// <see cref="LoopbackRelay"/> of its own, so the emulator's log tells its requests apart.
/// </summary>
internal sealed class FleetWebApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly LoopbackRelay _relay;
    private readonly TemporaryDirectory _contentRoot;

    private FleetWebApp(string name, WebApplication app, LoopbackRelay relay, TemporaryDirectory contentRoot, Uri address)
    {
        Name = name;
        _app = app;
        _relay = relay;
        _contentRoot = contentRoot;
        Http = new HttpClient { BaseAddress = address };
    }

    public string Name { get; }

    public HttpClient Http { get; }

    public ISnapshotFleet Fleet => _app.Services.GetRequiredService<ISnapshotFleet>();

    public static async Task<FleetWebApp> StartAsync(string name, AppConfigurationEmulator store, string redis, string fleetName)
    {
        var relay = LoopbackRelay.To(store.Endpoint);
        var contentRoot = TemporaryDirectory.Create("fleet-web-");
        WebApplication? app = null;
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = contentRoot.Path, EnvironmentName = "Testing" });
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            builder.Configuration["ConnectionStrings:AppConfig"] = relay.Through(store.ConnectionString, store.Endpoint);
            builder.Configuration["ConnectionStrings:FlagFleet"] = redis;
            builder.Configuration["FeatureFlags:RefreshInterval"] = "00:00:01";
            builder.Configuration["FeatureFlags:StartupTimeout"] = "00:00:30";
            // Named, since each instance's store endpoint (its relay) differs; the default name derives from it.
            builder.Configuration["FeatureFlags:Fleet:FleetName"] = fleetName;
            builder.Configuration["FeatureFlags:Fleet:InstanceId"] = name;
            builder.AddFeatureFlags();
            builder.Services.AddOpenFeature(of => of.AddFeatureManagementProvider());
            HeaderAuthentication.AddTo(builder);
            builder.Services.AddControllers().AddApplicationPart(typeof(GatedController).Assembly);

            app = builder.Build();
            app.UseFeatureFlagTargeting();
            app.MapGet("/evaluate/{flag}", async (string flag, IFeatureClient client, IFeatureManagerSnapshot manager) =>
                $"{await client.GetBooleanValueAsync(flag, false)}|{await manager.IsEnabledAsync(flag)}");
            app.MapControllers();
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
            return new FleetWebApp(name, app, relay, contentRoot, new Uri(address));
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            await relay.DisposeAsync();
            contentRoot.Dispose();
            throw;
        }
    }

    /// <summary>The store requests this instance sent, from the emulator's log (they came through its relay).</summary>
    public int RequestsIn(AppConfigurationEmulator store) =>
        store.Requests.Snapshot().Count(r => r.RequestHeaders.TryGetValue("Host", out var host) && host == _relay.Host);

    /// <summary>GETs <paramref name="path"/> as <paramref name="user"/> (signed in by header); the status and the body.</summary>
    public async Task<(int Status, string Body)> GetAsync(string path, string user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-User-Id", user);
        using var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        try
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        finally
        {
            await _relay.DisposeAsync();
            _contentRoot.Dispose();
        }
    }
}
