using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenFeature;
using OpenFeatureAppConfig.Hosting;
using OpenFeatureAppConfig.TestSupport;

namespace OpenFeatureAppConfig.Hosting.Tests.Support;

/// <summary>
/// An ASP.NET Core app on TestServer wired the way a user's Program.cs is: AddFeatureFlags from configuration,
/// AddOpenFeature with the Feature Management provider, targeting middleware. Each app has its own temp content root.
/// </summary>
internal sealed class TestApp : IAsyncDisposable
{
    private readonly TemporaryDirectory _contentRoot;

    private TestApp(WebApplication app, TemporaryDirectory contentRoot)
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
        var contentRoot = TemporaryDirectory.Create("hosting-tests-");
        try
        {
            return new TestApp(await BuildAndStartAsync(contentRoot.Path), contentRoot);
        }
        catch
        {
            // A start that fails (the tests of configuration errors expect it to) leaves nothing behind either.
            contentRoot.Dispose();
            throw;
        }

        async Task<WebApplication> BuildAndStartAsync(string root)
        {
            prepareContentRoot?.Invoke(root);
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = root, EnvironmentName = "Testing" });
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
            try
            {
                app.UseFeatureFlagTargeting();
                configurePipeline?.Invoke(app);
                await app.StartAsync();
                return app;
            }
            catch
            {
                await app.DisposeAsync();
                throw;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
        finally
        {
            _contentRoot.Dispose();
        }
    }
}
