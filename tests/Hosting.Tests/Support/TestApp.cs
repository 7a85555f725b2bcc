using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenFeature;
using OpenFeatureAppConfig.Hosting;

namespace OpenFeatureAppConfig.Hosting.Tests.Support;

/// <summary>
/// An ASP.NET Core app on TestServer wired the way a user's Program.cs is: AddFeatureFlags from configuration,
/// AddOpenFeature with the Feature Management provider, targeting middleware. Each app has its own temp content root.
/// </summary>
internal sealed class TestApp : IAsyncDisposable
{
    private readonly string _contentRoot;

    private TestApp(WebApplication app, string contentRoot)
    {
        App = app;
        _contentRoot = contentRoot;
    }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    public HttpClient CreateClient() => App.GetTestClient();

    public static async Task<TestApp> StartAsync(
        IDictionary<string, string?> configuration,
        Action<WebApplicationBuilder>? configureServices = null,
        Action<WebApplication>? configurePipeline = null,
        Action<FeatureFlagsOptions>? configureFlags = null,
        Action<string>? prepareContentRoot = null,
        Action<WebApplicationBuilder>? beforeOpenFeature = null,
        Action<OpenFeature.Hosting.OpenFeatureBuilder>? configureOpenFeature = null)
    {
        var contentRoot = Directory.CreateTempSubdirectory("hosting-tests-").FullName;
        prepareContentRoot?.Invoke(contentRoot);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = contentRoot, EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        // A loaded machine may need more than the default 5 s for the first load; tests of the timeout set their own.
        var settings = new Dictionary<string, string?>(configuration);
        settings.TryAdd("FeatureFlags:StartupTimeout", "00:00:30");
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddFeatureFlags(configureFlags);
        beforeOpenFeature?.Invoke(builder);
        builder.Services.AddOpenFeature(of =>
        {
            of.AddFeatureManagementProvider();
            configureOpenFeature?.Invoke(of);
        });
        configureServices?.Invoke(builder);

        var app = builder.Build();
        app.UseFeatureFlagTargeting();
        configurePipeline?.Invoke(app);
        await app.StartAsync();
        return new TestApp(app, contentRoot);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        try
        {
            Directory.Delete(_contentRoot, recursive: true);
        }
        catch (IOException)
        {
            // A file watcher may still hold the folder for a moment; the temp folder is cleaned by the OS later.
        }
    }
}
