using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using OpenFeatureAppConfig.Emulator.Portal;

namespace OpenFeatureAppConfig.Emulator.Tests.Portal;

/// <summary>The portal's routes, headers and loopback rule over plain HTTP.</summary>
[TestFixture]
public sealed class PortalEndpointTests
{
    private static HttpRequestMessage Get(AppConfigurationEmulator emulator, string path) => new(HttpMethod.Get, new Uri(emulator.Endpoint, path));

    [TestCase("/")]
    [TestCase("/portal")]
    public async Task The_page_is_served_with_a_strict_content_security_policy(string path)
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var http = new HttpClient();
        using var response = await http.SendAsync(Get(emulator, path));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Feature manager"));
        var policy = string.Join(",", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Multiple(() =>
        {
            Assert.That(policy, Does.Contain("script-src 'self'"));
            Assert.That(policy, Does.Contain("frame-ancestors 'none'"));
            Assert.That(response.Headers.GetValues("X-Content-Type-Options"), Does.Contain("nosniff"));
        });
    }

    [TestCase("app.js", "text/javascript")]
    [TestCase("api.js", "text/javascript")]
    [TestCase("flag-model.js", "text/javascript")]
    [TestCase("transfer.js", "text/javascript")]
    [TestCase("portal.css", "text/css")]
    public async Task Assets_are_served_with_an_ETag_and_answer_304_when_unchanged(string name, string mediaType)
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var http = new HttpClient();
        using var first = await http.SendAsync(Get(emulator, "/portal/assets/" + name));
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(first.Content.Headers.ContentType?.MediaType, Is.EqualTo(mediaType));
        var etag = first.Headers.ETag;
        Assert.That(etag, Is.Not.Null);

        using var again = Get(emulator, "/portal/assets/" + name);
        again.Headers.IfNoneMatch.Add(etag!);
        using var second = await http.SendAsync(again);
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
    }

    [Test]
    public async Task Every_file_of_the_portal_wwwroot_folder_is_served_byte_for_byte()
    {
        var files = Directory.GetFiles(PortalSourceFolder());
        Assert.That(files.Select(Path.GetFileName), Does.Contain("index.html").And.Contain("app.js"));

        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var http = new HttpClient();
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            using var response = await http.SendAsync(Get(emulator, name == "index.html" ? "/" : "/portal/assets/" + name));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), name);
            Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(await File.ReadAllBytesAsync(file)), name);
        }
    }

    [TestCase("index.html")]
    [TestCase("..%2Fportal.css")]
    [TestCase("PORTAL.CSS")]
    public async Task Only_the_assets_themselves_are_served_under_their_exact_names(string name)
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var http = new HttpClient();
        using var response = await http.SendAsync(Get(emulator, "/portal/assets/" + name));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task An_unknown_asset_is_404()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var http = new HttpClient();
        using var response = await http.SendAsync(Get(emulator, "/portal/assets/secrets.json"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task The_session_hands_the_page_the_read_write_key_and_is_never_cached()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var http = new HttpClient();
        using var response = await http.SendAsync(Get(emulator, "/portal/session"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
        using var session = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var parts = emulator.ConnectionString.Split(';').Select(part => part.Split('=', 2)).ToDictionary(part => part[0], part => part[1]);
        Assert.Multiple(() =>
        {
            Assert.That(session.RootElement.GetProperty("credential").GetString(), Is.EqualTo(parts["Id"]));
            Assert.That(session.RootElement.GetProperty("secret").GetString(), Is.EqualTo(parts["Secret"]));
            Assert.That(session.RootElement.GetProperty("apiVersion").GetString(), Is.EqualTo("2024-09-01"));
        });
    }

    [TestCase("/portal/session")]
    [TestCase("/")]
    public async Task A_request_under_a_foreign_host_name_is_refused(string path)
    {
        // A DNS-rebinding page reaches 127.0.0.1 under its own host name.
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var http = new HttpClient();
        using var request = Get(emulator, path);
        request.Headers.Host = $"attacker.example:{emulator.Endpoint.Port}";
        using var response = await http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("attacker.example"));
    }

    [Test]
    public async Task The_session_is_refused_to_a_cross_site_request()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var http = new HttpClient();
        using var request = Get(emulator, "/portal/session");
        request.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "cross-site");
        using var response = await http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [TestCase("http://0.0.0.0:8483", false)]
    [TestCase("http://[::]:8483", false)]
    [TestCase("http://*:8483", false)]
    [TestCase("http://192.168.1.20:8483", false)]
    [TestCase("http://127.0.0.1:8483", true)]
    [TestCase("http://[::1]:8483", true)]
    [TestCase("http://localhost:8483", true)]
    public void The_portal_is_given_only_by_an_emulator_listening_on_loopback(string listenAddress, bool served)
    {
        var services = new ServiceCollection().AddSingleton<IServer>(new ListeningServer(listenAddress)).BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        context.Request.Host = new HostString("127.0.0.1", 8483);

        var reason = PortalAccessPolicy.RefusalReason(context, carriesSecret: true);

        Assert.That(reason is null, Is.EqualTo(served), reason);
        if (!served)
        {
            Assert.That(reason, Does.Contain("loopback"));
        }
    }

    /// <summary>src/Emulator/Portal/wwwroot in the source tree, found from the test's output folder.</summary>
    private static string PortalSourceFolder()
    {
        const string RelativePath = "src/Emulator/Portal/wwwroot";
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, RelativePath);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"No {RelativePath} above {AppContext.BaseDirectory}.");
    }

    /// <summary>Stands for the Kestrel server's list of listening addresses; it never starts.</summary>
    private sealed class ListeningServer : IServer
    {
        public ListeningServer(string address)
        {
            var addresses = new ServerAddressesFeature();
            addresses.Addresses.Add(address);
            Features.Set<IServerAddressesFeature>(addresses);
        }

        public IFeatureCollection Features { get; } = new FeatureCollection();

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull => throw new InvalidOperationException("This server only lists addresses.");

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }
}
