using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OpenFeatureAppConfig.AppConfiguration.Tests;

/// <summary>
/// A store stand-in on a free loopback port for answers the emulator does not give (for example Microsoft's own
/// emulator's 400 for an api-version it does not support). Records every request it receives.
/// </summary>
internal sealed class LoopbackStore : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackStore(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    /// <summary>A connection string for <see cref="Endpoint"/>; the stand-in does not check signatures.</summary>
    public string ConnectionString => $"Endpoint={Endpoint.ToString().TrimEnd('/')};Id=test;Secret={Convert.ToBase64String(new byte[32])}";

    public ConcurrentQueue<(string PathAndQuery, string? SyncToken)> Requests { get; } = new();

    public static async Task<LoopbackStore> StartAsync(Func<HttpContext, Task> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        LoopbackStore? store = null;
        app.Run(context =>
        {
            var headers = context.Request.Headers;
            store!.Requests.Enqueue((context.Request.Path + context.Request.QueryString, headers.TryGetValue("Sync-Token", out var token) ? token.ToString() : null));
            return answer(context);
        });
        await app.StartAsync();
        var address = app.Urls.Single();
        store = new LoopbackStore(app, new Uri(address));
        return store;
    }

    /// <summary>An empty key-value page, as the store answers a list that matches nothing.</summary>
    public static Task EmptyPageAsync(HttpContext context)
    {
        context.Response.ContentType = "application/vnd.microsoft.appconfig.kvset+json; charset=utf-8";
        return context.Response.WriteAsync("""{"items":[]}""");
    }

    /// <summary>A problem+json answer, shaped like the service's.</summary>
    public static Task ProblemAsync(HttpContext context, int status, string title, string name, string detail)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json; charset=utf-8";
        return context.Response.WriteAsJsonAsync(
            new Dictionary<string, object> { ["type"] = "https://azconfig.io/errors/invalid-argument", ["title"] = title, ["name"] = name, ["detail"] = detail, ["status"] = status },
            options: null,
            contentType: "application/problem+json; charset=utf-8");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
