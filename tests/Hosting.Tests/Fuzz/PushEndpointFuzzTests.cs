using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using CsCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenFeatureAppConfig.AppConfiguration;
using OpenFeatureAppConfig.Emulator;
using OpenFeatureAppConfig.Hosting.Internal;
using OpenFeatureAppConfig.Hosting.Tests.Support;
using OpenFeatureAppConfig.TestSupport;

namespace OpenFeatureAppConfig.Hosting.Tests.Fuzz;

/// <summary>
/// Generated requests to <c>MapAppConfigurationEvents</c>: event batches with odd, forged and broken types, subjects,
/// sync tokens and validation codes, broken JSON and bytes, odd headers and methods. Whatever arrives, the answer is
/// never a 5xx, nothing goes unhandled, and a refused request changes nothing: no refresh becomes due and none of its
/// sync tokens is ever sent to the store.
/// </summary>
public sealed class PushEndpointFuzzTests
{
    private const string Path = "/appconfig/events";
    // FUZZ_SEED (a CsCheck seed, as printed by a failing run) and FUZZ_ITERATIONS override these for a longer run.
    private const string PinnedSeed = "0002bPushFz1";
    private const int DefaultIterations = 400;

    [Test]
    public async Task No_push_gets_a_5xx_and_a_refused_push_changes_nothing()
    {
        var logs = new CollectingLoggerProvider();
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        await emulator.SetFeatureFlagAsync(Flags.Boolean("Beta", true));
        await using var app = await TestApp.StartAsync(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:AppConfig"] = emulator.ConnectionString,
                ["FeatureFlags:RefreshInterval"] = "01:00:00",
                ["FeatureFlags:PushCoalescingInterval"] = "00:00:00",
            },
            configureServices: builder =>
            {
                builder.Logging.AddProvider(logs);
                // This test refreshes by hand, so that a push left pending can be seen.
                var loop = builder.Services.Single(s => s.ImplementationType == typeof(FlagStoreRefreshService));
                builder.Services.Remove(loop);
            },
            configurePipeline: app => app.MapAppConfigurationEvents(Path));
        var refresher = app.Services.GetRequiredService<FlagStoreStatus>().Refreshers.Single();
        using var http = app.CreateClient();
        var ours = emulator.Endpoint;
        var refusedTokenIds = new HashSet<string>(StringComparer.Ordinal);
        var acceptedTokenIds = new HashSet<string>(StringComparer.Ordinal);
        var (acceptedCount, refusedCount) = (0, 0);

        await Requests(ours).SampleAsync(
            async request =>
            {
                using var message = request.ToMessage();
                using var response = await http.SendAsync(message);
                var text = await response.Content.ReadAsStringAsync();
                var status = (int)response.StatusCode;
                Assert.That(status, Is.LessThan(500), text);
                if (text.Length > 0)
                {
                    Assert.DoesNotThrow(() => JsonDocument.Parse(text).Dispose(), $"the answer is JSON: {text}");
                }

                var accepted = status == 200 && text.Contains("\"accepted\":", StringComparison.Ordinal) && !text.Contains("\"accepted\":0", StringComparison.Ordinal);
                (accepted ? acceptedTokenIds : refusedTokenIds).UnionWith(request.TokenIds);
                _ = accepted ? acceptedCount++ : status >= 400 ? refusedCount++ : 0;
                using var stop = new CancellationTokenSource();
                var due = refresher.WaitUntilRefreshDueAsync(stop.Token);
                var refreshDue = due.IsCompleted;
                await stop.CancelAsync();
                await due.ContinueWith(_ => { }, TaskScheduler.Default);
                if (status >= 400)
                {
                    Assert.That(refreshDue, Is.False, $"a refused push ({status}) made a refresh due: {text}");
                }

                if (refreshDue)
                {
                    await refresher.TryRefreshAsync();
                }
            },
            seed: FuzzSettings.Seed(PinnedSeed),
            iter: FuzzSettings.Iterations(DefaultIterations),
            threads: 1,
            print: request => request.ToString());

        // One more refresh: every token still kept is sent; none may come from a refused push.
        refresher.ProcessPushNotification(new PushNotification { SyncToken = "final=AAAA;sn=1" });
        await refresher.TryRefreshAsync();
        var sentIds = emulator.Requests.Snapshot()
            .SelectMany(r => r.RequestHeaders.TryGetValue("Sync-Token", out var header) ? header.Split(',') : [])
            .Select(token => token.Split('=')[0].Trim())
            .ToHashSet(StringComparer.Ordinal);
        refusedTokenIds.ExceptWith(acceptedTokenIds);
        Assert.That(sentIds.Intersect(refusedTokenIds), Is.Empty, "tokens of refused pushes reached the store");
        Assert.That(sentIds, Does.Contain("final"), "the store still gets pushed tokens");
        Assert.That(refresher.Status.State, Is.EqualTo(AppConfigurationSourceState.Loaded), refresher.Status.LastError);
        Assert.That(logs.Messages, Has.None.Contains("unhandled exception"));
        Assert.That(acceptedCount, Is.GreaterThan(0), "the accepting path was exercised");
        Assert.That(refusedCount, Is.GreaterThan(0), "the refusing path was exercised");
        TestContext.Out.WriteLine($"{acceptedCount} pushes accepted, {refusedCount} refused.");
    }

    private static Gen<FuzzRequest> Requests(Uri ours)
    {
        var id = Gen.Frequency(
            (12, Gen.Int[0, 20].Select(i => $"fz{i}")),
            (1, Gen.String[Gen.Char['!', '~'], 0, 12].Select(s => "fz" + s)),
            (1, Gen.Const(string.Empty)));
        var value = Gen.Frequency(
            (12, Gen.OneOf("AAAA", "NDo1IzQ1OTU0MjE=", "MQ==")),
            (1, Gen.String[0, 20]),
            (1, Gen.Const(new string('A', 600))),
            (1, Gen.Const(string.Empty)));
        var sequence = Gen.Frequency(
            (12, Gen.Long[0, long.MaxValue].Select(n => ";sn=" + n.ToString(CultureInfo.InvariantCulture))),
            (1, Gen.OneOf("", ";sn=", ";sn=-1", ";sn=1a", ";sn=99999999999999999999", ";SN=1", ";sn=1;sn=2", ",b=c;sn=1")));
        var token = Gen.Select(id, value, sequence, (i, v, s) => new Token(i, i + "=" + v + s));
        var subject = Gen.Frequency(
            (12, Gen.OneOf("/kv/a", "/kv/.appconfig.featureflag%2FBeta?label=x", "/").Select(p => new Uri(ours, p).ToString())),
            (1, Gen.OneOf(
                new UriBuilder(ours) { Port = ours.Port == 1 ? 2 : ours.Port - 1 }.Uri.ToString(),
                new UriBuilder(ours) { Scheme = "https" }.Uri.ToString(),
                "https://other.azconfig.io/kv/a",
                "ftp://127.0.0.1/kv/a",
                "/kv/a",
                "not a url",
                "")),
            (1, Gen.String[0, 40]));
        var eventType = Gen.Frequency(
            (12, Gen.OneOf("Microsoft.AppConfiguration.KeyValueModified", "Microsoft.AppConfiguration.KeyValueDeleted")),
            (1, Gen.Const("Microsoft.EventGrid.SubscriptionValidationEvent")),
            (1, Gen.OneOf("Microsoft.AppConfiguration.SnapshotCreated", "Microsoft.AppConfiguration.KeyValue", "")),
            (1, Gen.String[0, 30]));
        var validationCode = Gen.Frequency((3, Gen.Const("512d38b6-c7b8-40c8-89fe-f46f9e9622b6")), (1, Gen.String[0, 30]), (1, Gen.Const(new string('v', 300))));
        var oneEvent = Gen.Select(eventType, Gen.Bool, Gen.Frequency((12, subject.Select(s => (string?)s)), (1, Gen.Const((string?)null))), token, validationCode, Gen.Int[0, 24])
            .Select((type, cloudEvents, subjectText, t, code, shape) => new Event(
                Json(cloudEvents ? "type" : "eventType", type)
                + (subjectText is null ? string.Empty : "," + Json("subject", subjectText))
                + shape switch
                {
                    0 => ",\"data\":null",
                    1 => ",\"data\":\"text\"",
                    2 => ",\"data\":{\"syncToken\":42}",
                    3 => ",\"data\":{\"syncToken\":\"\\ud800\"}",
                    4 => ",\"data\":{}",
                    _ => ",\"data\":{" + Json("syncToken", t.Text) + "," + Json("validationCode", code) + "}",
                },
                shape >= 5 ? t.Id : null));
        var batch = Gen.Frequency(
            (6, oneEvent.Array[1, 3].Select(events => new Body("[" + string.Join(",", events.Select(e => "{" + e.Json + "}")) + "]", [.. events.Select(e => e.TokenId).OfType<string>()]))),
            (2, oneEvent.Select(e => new Body("{" + e.Json + "}", e.TokenId is null ? [] : [e.TokenId]))),
            (1, Gen.OneOf("", "null", "42", "\"text\"", "[1,2]", "[[]]", "{", "[{\"eventType\":", new string('[', 100) + new string(']', 100)).Select(b => new Body(b, []))),
            (1, Gen.String[0, 60].Select(b => new Body(b, []))));
        var bytes = Gen.Frequency(
            (8, batch.Select(b => (Bytes: Encoding.UTF8.GetBytes(b.Text), b.TokenIds))),
            (1, Gen.Byte.Array[0, 64].Select(b => (Bytes: b, TokenIds: (string[])[]))));
        var method = Gen.Frequency((8, Gen.Const("POST")), (1, Gen.OneOf("OPTIONS", "GET", "PUT", "DELETE")));
        var header = Gen.Frequency(
            (3, Gen.Const((string?)null)),
            (2, Gen.OneOf<string?>("eventgrid.azure.net", "", " ", "a,b", "x:1")),
            (1, Gen.String[Gen.Char[' ', '~'], 0, 300].Select(s => (string?)s)));
        var contentType = Gen.OneOf<string?>("application/json", "application/cloudevents-batch+json; charset=utf-8", "text/plain", null, "application/json; charset=latin1");
        return Gen.Select(method, bytes, header, contentType, Gen.Bool)
            .Select((m, b, h, c, eventHeader) => new FuzzRequest(m, b.Bytes, b.TokenIds, h, c, eventHeader));
    }

    private static string Json(string name, string value) => JsonSerializer.Serialize(name) + ":" + JsonSerializer.Serialize(value);

    private sealed record Token(string Id, string Text);

    private sealed record Event(string Json, string? TokenId);

    private sealed record Body(string Text, string[] TokenIds);

    private sealed record FuzzRequest(string Method, byte[] Body, string[] TokenIds, string? Origin, string? ContentType, bool EventHeader)
    {
        public HttpRequestMessage ToMessage()
        {
            var message = new HttpRequestMessage(new HttpMethod(Method), Path);
            if (Method != "GET")
            {
                message.Content = new ByteArrayContent(Body);
                if (ContentType is not null)
                {
                    message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
                }
            }

            if (Origin is not null)
            {
                message.Headers.TryAddWithoutValidation("WebHook-Request-Origin", Origin);
            }

            if (EventHeader)
            {
                message.Headers.TryAddWithoutValidation("aeg-event-type", "Notification");
            }

            return message;
        }

        public override string ToString() =>
            $"{Method} origin={Origin} content-type={ContentType} body={Convert.ToHexString(Body.AsSpan(0, Math.Min(Body.Length, 600)))}";
    }
}
