using OpenFeatureAppConfig.TestSupport;

namespace OpenFeatureAppConfig.Emulator.Tests.Fidelity;

/// <summary>
/// Protocol fidelity: Azure's own npm packages (@azure/app-configuration 1.13, @azure/app-configuration-provider 2.x)
/// against an in-process emulator. If the emulator answered anything the service would not, these clients
/// would throw or see different data, and the assertions on what the scripts printed fail.
/// </summary>
[TestFixture]
public sealed class AzureJavaScriptClientTests
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(3);

    [OneTimeSetUp]
    public Task InstallNpmPackages() => NodeScript.EnsurePackagesAsync(NpmPackages.Directory);

    private static async Task<ScriptReport> RunAsync(string script, AppConfigurationEmulator emulator, string? apiVersion = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["APPCONFIG_CONNECTION_STRING"] = emulator.ConnectionString,
            ["APPCONFIG_READONLY_CONNECTION_STRING"] = emulator.ReadOnlyConnectionString,
        };
        if (apiVersion is not null)
        {
            environment["APPCONFIG_API_VERSION"] = apiVersion;
        }

        var report = new ScriptReport(await NodeScript.RunNodeAsync(NpmPackages.Directory, script, environment: environment, timeout: ScriptTimeout));
        report.AssertCompleted();
        return report;
    }

    [TestCase(null, TestName = "AppConfigurationClient with its default api-version (2026-04-01)")]
    [TestCase("2024-09-01", TestName = "AppConfigurationClient with api-version 2024-09-01")]
    [TestCase("1.0", TestName = "AppConfigurationClient with api-version 1.0")]
    public async Task The_npm_client_reads_writes_lists_and_pages_like_the_service(string? apiVersion)
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        var report = await RunAsync("client-fidelity.mjs", emulator, apiVersion);

        var set = report.Step("set");
        Assert.Multiple(() =>
        {
            Assert.That(set.Text("key"), Is.EqualTo("app:color"));
            Assert.That(set.Text("label"), Is.EqualTo("dev"));
            Assert.That(set.Text("value"), Is.EqualTo("blue"));
            Assert.That(set.Text("contentType"), Is.EqualTo("text/plain"));
            Assert.That(set.GetProperty("tags").GetProperty("team").GetString(), Is.EqualTo("a"));
            Assert.That(set.Bool("isReadOnly"), Is.False);
            Assert.That(set.Bool("hasEtag"), Is.True);
            Assert.That(set.Bool("lastModifiedIsDate"), Is.True);
        });

        Assert.That(report.Step("add-existing").Int("statusCode"), Is.EqualTo(412), "add (If-None-Match: *) of an existing key");

        var get = report.Step("get");
        Assert.Multiple(() =>
        {
            Assert.That(get.Int("statusCode"), Is.EqualTo(200));
            Assert.That(get.Text("value"), Is.EqualTo("blue"));
            Assert.That(get.Bool("sameEtag"), Is.True);
            Assert.That(get.Bool("lastModifiedIsDate"), Is.True);
        });

        var ifChanged = report.Step("get-if-changed");
        Assert.That(ifChanged.Int("statusCode"), Is.EqualTo(304), "GET with If-None-Match of the current etag");
        Assert.That(ifChanged.Bool("valueOmitted"), Is.True);
        Assert.That(report.Step("get-missing").Int("statusCode"), Is.EqualTo(404));

        var ifUnchanged = report.Step("set-if-unchanged");
        Assert.Multiple(() =>
        {
            Assert.That(ifUnchanged.Text("value"), Is.EqualTo("green"));
            Assert.That(ifUnchanged.Int("staleStatusCode"), Is.EqualTo(412), "PUT with a stale If-Match");
            Assert.That(ifUnchanged.Text("valueAfter"), Is.EqualTo("green"));
            Assert.That(ifUnchanged.Bool("etagChanged"), Is.True);
        });

        var locking = report.Step("lock");
        Assert.Multiple(() =>
        {
            Assert.That(locking.Bool("lockedIsReadOnly"), Is.True);
            Assert.That(locking.Int("writeWhileLocked"), Is.EqualTo(409), "PUT on a locked key");
            Assert.That(locking.Bool("unlockedIsReadOnly"), Is.False);
            Assert.That(locking.Int("writeAfterUnlock"), Is.EqualTo(200));
        });

        Assert.That(report.Step("seed-paging").Int("written"), Is.EqualTo(250));
        var pages = report.Step("list-pages");
        Assert.Multiple(() =>
        {
            Assert.That(pages.Ints("pageSizes"), Is.EqualTo(new[] { 100, 100, 50 }));
            Assert.That(pages.Int("distinct"), Is.EqualTo(250));
            Assert.That(pages.Bool("inKeyOrder"), Is.True);
            Assert.That(pages.Bool("everyPageHasEtag"), Is.True);
        });
        Assert.That(report.Step("list-pages-unchanged").Ints("statuses"), Is.EqualTo(new[] { 304, 304, 304 }), "conditional list with the page etags, nothing changed");
        Assert.That(report.Step("list-pages-one-changed").Ints("statuses"), Is.EqualTo(new[] { 304, 200, 304 }), "conditional list after a change on the second page");

        var check = report.Step("check-pages");
        Assert.That(check.Ints("statuses"), Is.EqualTo(new[] { 200, 200, 200 }), "HEAD pages, following the Link header");
        Assert.That(check.Ints("conditionalStatuses"), Is.EqualTo(new[] { 304, 200, 304 }), "conditional HEAD pages with the first listing's etags");

        var special = report.Step("special-keys");
        Assert.Multiple(() =>
        {
            Assert.That(special.GetProperty("readBack").EnumerateArray().Select(item => item.GetBoolean()), Has.All.True, "keys with /, space, comma, *, \\, non-ASCII and ?&=# round-trip");
            Assert.That(special.Texts("escapedKeys"), Is.EqualTo(new[] { "special:comma,key", "special:star*key" }), "escaped , and * in key and label filters");
            Assert.That(special.Texts("prefixedKeys"), Is.EqualTo(new[] { "special:star*key" }), "an escaped * before a trailing wildcard");
        });

        var byLabel = report.Step("filter-label");
        Assert.That(byLabel.Int("count"), Is.EqualTo(125));
        Assert.That(byLabel.Bool("allEven"), Is.True);
        var noLabel = report.Step("filter-no-label");
        Assert.That(noLabel.Int("count"), Is.EqualTo(125));
        Assert.That(noLabel.Bool("allUnlabelled"), Is.True);
        Assert.That(report.Step("filter-key-list").Texts("keys"), Is.EqualTo(new[] { "paging:item:001", "paging:item:002", "paging:item:003" }));
        var byTag = report.Step("filter-tags");
        Assert.That(byTag.Int("count"), Is.EqualTo(125));
        Assert.That(byTag.Bool("allOdd"), Is.True);

        var select = report.Step("select-fields");
        Assert.Multiple(() =>
        {
            Assert.That(select.Int("count"), Is.EqualTo(1));
            Assert.That(select.Text("key"), Is.EqualTo("app:color"));
            Assert.That(select.Text("value"), Is.EqualTo("blue"));
            Assert.That(select.Bool("labelOmitted"), Is.True, "$select=key,value leaves label out");
            Assert.That(select.Bool("etagOmitted"), Is.True, "$select=key,value leaves etag out");
        });

        Assert.That(report.Step("labels").Texts("names"), Is.SupersetOf(new[] { "dev", "even", null }));
        var revisions = report.Step("revisions");
        Assert.That(revisions.Int("count"), Is.GreaterThanOrEqualTo(3));
        Assert.That(revisions.Texts("values"), Does.Contain("green"));

        var flag = report.Step("feature-flag");
        Assert.Multiple(() =>
        {
            Assert.That(flag.Text("key"), Is.EqualTo(".appconfig.featureflag/Fidelity"));
            Assert.That(flag.Text("contentType"), Is.EqualTo("application/vnd.microsoft.appconfig.ff+json;charset=utf-8"));
            Assert.That(flag.Bool("roundTrips"), Is.True);
            Assert.That(flag.Int("invalidStatusCode"), Is.EqualTo(400), "a feature flag whose value is not the v2 schema");
        });

        var readOnly = report.Step("read-only-key");
        Assert.That(readOnly.Text("readValue"), Is.EqualTo("0"));
        Assert.That(readOnly.Int("writeStatusCode"), Is.EqualTo(403), "a write with the read-only key");
        Assert.That(report.Step("wrong-secret").Int("statusCode"), Is.EqualTo(401), "a request signed with the wrong secret");

        var pointInTime = report.Step("point-in-time");
        Assert.Multiple(() =>
        {
            Assert.That(pointInTime.Texts("listed"), Is.EqualTo(new[] { "old" }), "list with Accept-Datetime");
            Assert.That(pointInTime.Text("got"), Is.EqualTo("old"), "get with Accept-Datetime");
            Assert.That(pointInTime.Texts("revisions"), Is.EqualTo(new[] { "old" }), "revisions with Accept-Datetime");
            Assert.That(pointInTime.Text("now"), Is.EqualTo("new"));
        });

        var nullTag = report.Step("null-tag-filter");
        Assert.Multiple(() =>
        {
            Assert.That(nullTag.Int("count"), Is.EqualTo(1), "tags=kind=%00 matches a null tag value");
            Assert.That(nullTag.GetProperty("selectedTags").GetProperty("kind").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
            Assert.That(nullTag.Bool("selectedValueOmitted"), Is.True, "$select=key,tags leaves value out");
        });

        var badFilters = report.Step("bad-filters");
        Assert.Multiple(() =>
        {
            Assert.That(badFilters.Int("wildcardInsideLabel"), Is.EqualTo(400), "a * inside a label filter");
            Assert.That(badFilters.Int("sixKeys"), Is.EqualTo(400), "more than 5 comma-separated keys");
            Assert.That(badFilters.Int("percentInKey"), Is.EqualTo(400), "a % in a key");
        });

        var delete = report.Step("delete");
        Assert.Multiple(() =>
        {
            Assert.That(delete.Int("statusCode"), Is.EqualTo(200));
            Assert.That(delete.Text("deletedValue"), Is.EqualTo("blue"));
            Assert.That(delete.Int("againStatusCode"), Is.EqualTo(204));
        });
    }

    [Test]
    public async Task The_npm_provider_loads_feature_flags_and_a_1s_refresh_sees_a_toggle()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        await emulator.SetKeyValueAsync("app:greeting", "hello");
        await emulator.SetKeyValueAsync("app:sentinel", "1");
        await emulator.SetFeatureFlagAsync("""{"id":"Refreshing","description":"","enabled":false,"conditions":{"client_filters":[]}}""");
        await emulator.SetFeatureFlagAsync("""{"id":"Labelled","enabled":true}""", label: "other");

        var report = await RunAsync("provider-refresh.mjs", emulator);

        var load = report.Step("load");
        Assert.Multiple(() =>
        {
            Assert.That(load.Text("greeting"), Is.EqualTo("hello"));
            Assert.That(load.Int("count"), Is.EqualTo(1), "the default label filter loads unlabelled flags only");
            Assert.That(load.Bool("enabled"), Is.False);
        });

        var unchanged = report.Step("refresh-unchanged");
        Assert.That(unchanged.Bool("enabled"), Is.False);
        Assert.That(unchanged.Int("refreshEvents"), Is.EqualTo(0), "a refresh with nothing changed must not report an update");

        var toggled = report.Step("refresh-toggled");
        Assert.That(toggled.Bool("enabled"), Is.True, "refresh saw the toggle");
        Assert.That(toggled.Int("refreshEvents"), Is.GreaterThanOrEqualTo(1));

        var sentinel = report.Step("refresh-sentinel");
        Assert.That(sentinel.Text("greeting"), Is.EqualTo("hello again"), "a change of the watched sentinel reloads the key-values");

        var requests = emulator.Requests.Snapshot();
        Assert.That(
            requests.Where(request => request.Method == "GET" && request.PathAndQuery.StartsWith("/kv/app%3Asentinel", StringComparison.OrdinalIgnoreCase) && request.StatusCode == 304),
            Is.Not.Empty,
            "the provider watches the sentinel with a conditional GET answered 304 while it is unchanged");
        var conditionalFlagLists = requests
            .Where(request => request.Method == "GET" && request.PathAndQuery.StartsWith("/kv?", StringComparison.Ordinal)
                && Uri.UnescapeDataString(request.PathAndQuery).Contains(".appconfig.featureflag/", StringComparison.Ordinal)
                && request.StatusCode == 304)
            .ToList();
        Assert.That(conditionalFlagLists, Is.Not.Empty, "the provider's unchanged refresh should have been answered 304 Not Modified");
    }
}
