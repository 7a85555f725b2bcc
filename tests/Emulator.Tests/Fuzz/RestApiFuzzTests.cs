using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using OpenFeatureAppConfig.Emulator.Tests.Support;
using OpenFeatureAppConfig.TestSupport;

namespace OpenFeatureAppConfig.Emulator.Tests.Fuzz;

/// <summary>
/// Hostile requests over the whole REST surface (<see cref="FuzzRequests"/>) against a durable emulator. Invariants:
/// no 5xx and no broken connection (an unhandled exception shows as one of the two); a refused request (4xx)
/// changes no stored state (the store's change number and its listing are the same before and after); and
/// whatever was stored reads back the same after a restart. Pinned seed; FUZZ_ITERATIONS and FUZZ_SEED make
/// a longer or another run.
/// </summary>
public sealed partial class RestApiFuzzTests
{
    [Test]
    public async Task Hostile_requests_get_no_5xx_and_a_refused_request_changes_nothing()
    {
        using var folder = new TempFolder();
        var options = new AppConfigurationEmulatorOptions { DataPath = folder.Path, AllowAnonymous = false };
        string stateBefore;
        await using (var emulator = await AppConfigurationEmulator.StartAsync(options))
        {
            using var readWrite = ApiClient.WithUtf8Headers(emulator, emulator.ConnectionString);
            using var readOnly = ApiClient.WithUtf8Headers(emulator, emulator.ReadOnlyConnectionString);
            using var unsigned = new HttpClient(new SocketsHttpHandler { UseProxy = false, RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 }) { BaseAddress = emulator.Endpoint };
            using var observer = ApiClient.For(emulator);

            await FuzzRequests.Request.SampleAsync(
                async request =>
                {
                    var before = await StateAsync(observer);
                    var client = request.Auth switch
                    {
                        FuzzAuth.ReadWrite => readWrite.Http,
                        FuzzAuth.ReadOnly => readOnly.Http,
                        _ => unsigned,
                    };
                    using var message = ToMessage(request);
                    using var response = await client.SendAsync(message);
                    var status = (int)response.StatusCode;
                    var body = await response.Content.ReadAsStringAsync();
                    Assert.That(status, Is.LessThan(500), body);
                    if (status >= 400)
                    {
                        Assert.That(await StateAsync(observer), Is.EqualTo(before), $"a refused request ({status}) changed the store: {body}");
                    }
                },
                seed: FuzzSettings.Seed("0000000000001"),
                iter: FuzzSettings.Iterations(400),
                threads: 1,
                print: request => request.ToString());

            stateBefore = await StateAsync(observer);
        }

        await using var restarted = await AppConfigurationEmulator.StartAsync(options);
        using var again = ApiClient.For(restarted);
        Assert.That(await StateAsync(again), Is.EqualTo(stateBefore), "what was stored reads back the same after a restart");
    }

    // The store's change number (from Sync-Token) and its first listing page with every label.
    private static async Task<string> StateAsync(ApiClient observer)
    {
        using var response = await observer.GetAsync("/kv?api-version=1.0&key=*&label=*");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var syncToken = response.Headers.GetValues("Sync-Token").Single();
        return SequenceOf().Match(syncToken).Value + " " + await response.Content.ReadAsStringAsync();
    }

    private static HttpRequestMessage ToMessage(FuzzRequest request)
    {
        var message = new HttpRequestMessage(new HttpMethod(request.Method), request.PathAndQuery);
        foreach (var (name, value) in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (request.Authorization is not null)
        {
            message.Headers.TryAddWithoutValidation("Authorization", request.Authorization);
        }

        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            }
        }

        return message;
    }

    [GeneratedRegex(@"sn=\d+")]
    private static partial Regex SequenceOf();
}
