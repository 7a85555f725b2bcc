using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.FeatureManagement;
using OpenFeature;
using OpenFeatureAppConfig.AppConfiguration;
using OpenFeatureAppConfig.Emulator;
using OpenFeatureAppConfig.Provider;

namespace OpenFeatureAppConfig.Hosting.Tests.Ofrep;

/// <summary>
/// A real Kestrel app on a free loopback port, with flags from an App Configuration emulator evaluated by the
/// provider over Microsoft.FeatureManagement, and <c>MapOfrep</c> configured by the test.
/// </summary>
internal sealed class OfrepServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IConfigurationRefresher _refresher;

    private OfrepServer(WebApplication app, AppConfigurationEmulator emulator, IConfigurationRefresher refresher, Uri address)
    {
        _app = app;
        Emulator = emulator;
        _refresher = refresher;
        Address = address;
        Http = new HttpClient { BaseAddress = address };
    }

    public AppConfigurationEmulator Emulator { get; }

    public Uri Address { get; }

    public HttpClient Http { get; }

    /// <summary>The app's own OpenFeature client: the server-side answer OFREP callers must match.</summary>
    public IFeatureClient Client => _app.Services.GetRequiredService<IFeatureClient>();

    public static async Task<OfrepServer> StartAsync(
        Action<OfrepOptions> configureOfrep,
        Action<WebApplicationBuilder>? configureApp = null,
        Action<WebApplication>? configurePipeline = null,
        AppConfigurationEmulatorOptions? emulatorOptions = null)
    {
        var emulator = await AppConfigurationEmulator.StartAsync(emulatorOptions);
        try
        {
            foreach (var flag in OfrepFlags.All)
            {
                await emulator.SetFeatureFlagAsync(flag);
            }

            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            IConfigurationRefresher? refresher = null;
            builder.Configuration.AddAzureAppConfiguration(options =>
            {
                options.Connect(emulator.ConnectionString).UseFeatureFlags(flags => flags.SetRefreshInterval(TimeSpan.FromSeconds(1)));
                refresher = options.GetRefresher();
            });
            builder.Services.AddFeatureManagement();
            builder.Services.AddOpenFeature(openFeature => openFeature.AddProvider(services => FeatureManagementProvider.FromServices(services)));
            configureApp?.Invoke(builder);

            var app = builder.Build();
            configurePipeline?.Invoke(app);
            app.MapOfrep(configureOfrep);
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            return new OfrepServer(app, emulator, refresher!, new Uri(address));
        }
        catch
        {
            await emulator.DisposeAsync();
            throw;
        }
    }

    public Task<HttpResponseMessage> EvaluateAsync(string key, object? body) =>
        Http.PostAsJsonAsync($"/ofrep/v1/evaluate/flags/{Uri.EscapeDataString(key)}", body);

    public async Task<HttpResponseMessage> EvaluateAllAsync(object? body, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ofrep/v1/evaluate/flags") { Content = JsonContent.Create(body) };
        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return await Http.SendAsync(request);
    }

    /// <summary>Refreshes the flags from the emulator (at most once per the one-second interval) until <paramref name="done"/> holds.</summary>
    public async Task RefreshUntilAsync(Func<Task<bool>> done)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (!await done())
        {
            await Task.Delay(200, timeout.Token);
            await _refresher.TryRefreshAsync(timeout.Token);
        }
    }

    public static async Task<JsonObject> ReadObjectAsync(HttpResponseMessage response) =>
        (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
