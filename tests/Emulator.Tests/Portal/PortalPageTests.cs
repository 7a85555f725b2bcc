using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OpenFeatureAppConfig.Emulator.Tests.Portal;

/// <summary>The portal page in a real browser (Debian's Chromium), against a real in-process emulator.</summary>
[TestFixture]
public sealed class PortalPageTests
{
    private PortalBrowser _browser = null!;

    [OneTimeSetUp]
    public async Task LaunchBrowser() => _browser = await PortalBrowser.LaunchAsync();

    [OneTimeTearDown]
    public async Task CloseBrowser()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
    }

    private static string Flag(string id, bool enabled = false, string description = "") =>
        new JsonObject { ["id"] = id, ["description"] = description, ["enabled"] = enabled, ["conditions"] = new JsonObject { ["client_filters"] = new JsonArray() } }.ToJsonString();

    [Test]
    public async Task Create_toggle_and_edit_targeting_are_stored_through_the_REST_API()
    {
        await using var portal = await PortalPage.OpenAsync(_browser);
        var page = portal.Page;

        await page.GetByTestId("create").ClickAsync();
        await page.GetByTestId("f-id").FillAsync("Beta");
        await page.GetByTestId("f-description").FillAsync("The new checkout");
        await portal.SaveEditorAsync();
        await portal.WaitForEditorClosedAsync();
        await Expect(portal.Row("Beta")).ToBeVisibleAsync();

        var created = await portal.Rest.GetFlagAsync("Beta");
        Assert.Multiple(() =>
        {
            Assert.That((string?)created["id"], Is.EqualTo("Beta"));
            Assert.That((bool?)created["enabled"], Is.False);
            Assert.That((string?)created["description"], Is.EqualTo("The new checkout"));
        });

        await portal.Row("Beta").GetByTestId("toggle").ClickAsync();
        await Expect(portal.Message).ToContainTextAsync("now on");
        Assert.That((bool?)(await portal.Rest.GetFlagAsync("Beta"))["enabled"], Is.True);

        await portal.OpenEditorAsync("Beta");
        await page.GetByTestId("f-targeting-on").CheckAsync();
        await page.GetByTestId("f-users").FillAsync("alice\nbob");
        await page.GetByTestId("add-group").ClickAsync();
        await page.GetByTestId("group-name").FillAsync("beta-testers");
        await page.GetByTestId("group-rollout").FillAsync("50");
        await page.GetByTestId("f-default-rollout").FillAsync("10");
        await page.GetByTestId("f-excluded-users").FillAsync("mallory");
        await page.GetByTestId("f-excluded-groups").FillAsync("contractors");
        await portal.SaveEditorAsync();
        await portal.WaitForEditorClosedAsync();
        await Expect(portal.Row("Beta")).ToContainTextAsync("targeting (2 users, 1 group, default 10 %)");

        var flag = await portal.Rest.GetFlagAsync("Beta");
        var filters = flag["conditions"]!["client_filters"]!.AsArray();
        Assert.That(filters, Has.Count.EqualTo(1));
        Assert.That((string?)filters[0]!["name"], Is.EqualTo("Microsoft.Targeting"));
        var audience = filters[0]!["parameters"]!["Audience"]!;
        Assert.Multiple(() =>
        {
            Assert.That((bool?)flag["enabled"], Is.True, "the edit keeps the toggle");
            Assert.That(audience["Users"]!.AsArray().Select(user => (string?)user), Is.EqualTo(new[] { "alice", "bob" }));
            Assert.That((string?)audience["Groups"]![0]!["Name"], Is.EqualTo("beta-testers"));
            Assert.That((double?)audience["Groups"]![0]!["RolloutPercentage"], Is.EqualTo(50));
            Assert.That((double?)audience["DefaultRolloutPercentage"], Is.EqualTo(10));
            Assert.That(audience["Exclusion"]!["Users"]!.AsArray().Select(user => (string?)user), Is.EqualTo(new[] { "mallory" }));
            Assert.That(audience["Exclusion"]!["Groups"]!.AsArray().Select(group => (string?)group), Is.EqualTo(new[] { "contractors" }));
        });
    }

    [Test]
    public async Task Names_and_labels_with_reserved_and_non_ASCII_characters_are_signed_and_stored_correctly()
    {
        // The page signs path and query exactly as the browser sends them; escapes in both must agree with the server.
        await using var portal = await PortalPage.OpenAsync(_browser, path: "/portal");
        var page = portal.Page;
        const string id = "Über.Flag-v2_(beta)'s";
        const string label = "team/a b&c=d?#ü";

        await page.GetByTestId("create").ClickAsync();
        await page.GetByTestId("f-id").FillAsync(id);
        await page.GetByTestId("f-label").FillAsync(label);
        await portal.SaveEditorAsync();
        await portal.WaitForEditorClosedAsync();
        await Expect(portal.Row(id, label)).ToBeVisibleAsync();

        await portal.Row(id, label).GetByTestId("toggle").ClickAsync();
        await Expect(portal.Message).ToContainTextAsync("now on");
        Assert.That((bool?)(await portal.Rest.GetFlagAsync(id, label))["enabled"], Is.True);

        await page.GetByTestId("label-filter").SelectOptionAsync(label);
        await Expect(portal.Rows).ToHaveCountAsync(1);
    }

    [Test]
    public async Task The_page_works_under_localhost_as_well_as_127_0_0_1()
    {
        await using var portal = await PortalPage.OpenAsync(_browser, emulator => emulator.SetFeatureFlagAsync(Flag("Beta")), host: "localhost");
        await portal.Row("Beta").GetByTestId("toggle").ClickAsync();
        await Expect(portal.Message).ToContainTextAsync("now on");
        Assert.That((bool?)(await portal.Rest.GetFlagAsync("Beta"))["enabled"], Is.True);
    }

    [Test]
    public async Task A_locked_flag_cannot_be_toggled_and_an_edit_shows_the_service_error()
    {
        await using var portal = await PortalPage.OpenAsync(_browser, emulator => emulator.SetFeatureFlagAsync(Flag("Frozen")));
        await portal.Rest.LockAsync(".appconfig.featureflag/Frozen");
        await portal.Page.GetByTestId("refresh").ClickAsync();
        await Expect(portal.Row("Frozen").GetByTestId("toggle")).ToBeDisabledAsync();

        await portal.OpenEditorAsync("Frozen");
        await portal.Page.GetByTestId("f-description").FillAsync("try anyway");
        await portal.SaveEditorAsync();
        await Expect(portal.EditorMessage).ToContainTextAsync("409");
        Assert.That((string?)(await portal.Rest.GetFlagAsync("Frozen"))["description"], Is.EqualTo(string.Empty));
    }

    [Test]
    public async Task A_stale_edit_is_refused_with_a_conflict_message_and_the_other_write_is_kept()
    {
        await using var portal = await PortalPage.OpenAsync(_browser, emulator => emulator.SetFeatureFlagAsync(Flag("Beta", description: "original")));
        var page = portal.Page;

        await portal.OpenEditorAsync("Beta");
        await page.GetByTestId("f-description").FillAsync("mine");

        // Someone else saves the flag after the editor was opened.
        var theirs = await portal.Rest.GetFlagAsync("Beta");
        theirs["description"] = "theirs";
        await portal.Rest.PutFlagAsync(theirs);

        await portal.SaveEditorAsync();
        await Expect(portal.EditorMessage).ToContainTextAsync("Conflict");
        await Expect(portal.EditorMessage).ToContainTextAsync("412");
        await Expect(page.GetByTestId("editor")).ToBeVisibleAsync();
        Assert.That((string?)(await portal.Rest.GetFlagAsync("Beta"))["description"], Is.EqualTo("theirs"), "the stale edit must not overwrite");

        // Reloading shows their version; saving again from it succeeds.
        await page.GetByTestId("editor-reload").ClickAsync();
        await Expect(page.GetByTestId("f-description")).ToHaveValueAsync("theirs");
        await page.GetByTestId("f-description").FillAsync("mine, after reading theirs");
        await portal.SaveEditorAsync();
        await portal.WaitForEditorClosedAsync();
        Assert.That((string?)(await portal.Rest.GetFlagAsync("Beta"))["description"], Is.EqualTo("mine, after reading theirs"));
    }

    [Test]
    public async Task A_stale_toggle_is_refused_with_a_conflict_message()
    {
        await using var portal = await PortalPage.OpenAsync(_browser, emulator => emulator.SetFeatureFlagAsync(Flag("Beta", enabled: false)));

        var theirs = await portal.Rest.GetFlagAsync("Beta");
        theirs["description"] = "changed elsewhere";
        await portal.Rest.PutFlagAsync(theirs);

        await portal.Row("Beta").GetByTestId("toggle").ClickAsync();
        await Expect(portal.Message).ToContainTextAsync("Conflict");
        await Expect(portal.Row("Beta")).ToContainTextAsync("changed elsewhere");
        var stored = await portal.Rest.GetFlagAsync("Beta");
        Assert.Multiple(() =>
        {
            Assert.That((bool?)stored["enabled"], Is.False);
            Assert.That((string?)stored["description"], Is.EqualTo("changed elsewhere"));
        });
    }

    [Test]
    public async Task Search_and_the_label_selector_filter_the_list()
    {
        await using var portal = await PortalPage.OpenAsync(_browser, async emulator =>
        {
            await emulator.SetFeatureFlagAsync(Flag("Checkout", description: "new checkout flow"));
            await emulator.SetFeatureFlagAsync(Flag("Checkout", description: "new checkout flow"), label: "prod");
            await emulator.SetFeatureFlagAsync(Flag("DarkMode"), label: "prod");
            await emulator.SetFeatureFlagAsync(Flag("Search"));
        });
        var page = portal.Page;

        await Expect(portal.Rows).ToHaveCountAsync(4);

        await page.GetByTestId("label-filter").SelectOptionAsync("prod");
        await Expect(portal.Rows).ToHaveCountAsync(2);
        await Expect(portal.Row("Checkout", "prod")).ToBeVisibleAsync();
        await Expect(portal.Row("DarkMode", "prod")).ToBeVisibleAsync();

        await page.GetByTestId("label-filter").SelectOptionAsync(new SelectOptionValue { Label = "(no label)" });
        await Expect(portal.Rows).ToHaveCountAsync(2);
        await Expect(portal.Row("Search")).ToBeVisibleAsync();

        await page.GetByTestId("label-filter").SelectOptionAsync("*");
        await page.GetByTestId("search").FillAsync("checkout FLOW");
        await Expect(portal.Rows).ToHaveCountAsync(2);
        await page.GetByTestId("search").FillAsync("nothing like this");
        await Expect(portal.Rows).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("empty")).ToBeVisibleAsync();
    }

    [Test]
    public async Task Delete_removes_the_flag()
    {
        await using var portal = await PortalPage.OpenAsync(_browser, async emulator =>
        {
            await emulator.SetFeatureFlagAsync(Flag("Doomed"));
            await emulator.SetFeatureFlagAsync(Flag("Kept"));
        });
        portal.Page.Dialog += (_, dialog) => dialog.AcceptAsync();

        await portal.Row("Doomed").GetByTestId("delete").ClickAsync();
        await Expect(portal.Message).ToContainTextAsync("Deleted \"Doomed\"");
        await Expect(portal.Row("Doomed")).ToHaveCountAsync(0);
        Assert.That(await portal.Rest.GetAsync(".appconfig.featureflag/Doomed"), Is.Null);
        Assert.That(await portal.Rest.GetAsync(".appconfig.featureflag/Kept"), Is.Not.Null);
    }

    [Test]
    public async Task Percentage_time_window_variants_and_allocation_are_edited_in_the_form()
    {
        await using var portal = await PortalPage.OpenAsync(_browser, emulator => emulator.SetFeatureFlagAsync(Flag("Banner")));
        var page = portal.Page;

        await portal.OpenEditorAsync("Banner");
        await page.GetByTestId("f-percentage-on").CheckAsync();
        await page.GetByTestId("f-percentage").FillAsync("25");
        await page.GetByTestId("f-time-window-on").CheckAsync();
        await page.GetByTestId("f-start").FillAsync("2030-01-01T08:00");
        await page.GetByTestId("f-requirement").SelectOptionAsync("All");

        await page.GetByTestId("add-variant").ClickAsync();
        await page.GetByTestId("add-variant").ClickAsync();
        var variants = page.GetByTestId("variant-row");
        await variants.Nth(0).GetByTestId("variant-name").FillAsync("Big");
        await variants.Nth(0).GetByTestId("variant-value").FillAsync("{\"size\": 48}");
        await variants.Nth(1).GetByTestId("variant-name").FillAsync("Off");
        await variants.Nth(1).GetByTestId("variant-value").FillAsync("false");
        await variants.Nth(1).GetByTestId("variant-status").SelectOptionAsync("Disabled");
        await page.GetByTestId("f-default-enabled").FillAsync("Big");
        await page.GetByTestId("f-default-disabled").FillAsync("Off");
        await page.GetByTestId("f-seed").FillAsync("banner-seed");
        await page.GetByTestId("add-alloc-user").ClickAsync();
        await page.GetByTestId("f-alloc-users").GetByTestId("allocation-variant").FillAsync("Off");
        await page.GetByTestId("f-alloc-users").GetByTestId("allocation-members").FillAsync("carol, dave");
        await page.GetByTestId("add-alloc-percentile").ClickAsync();
        await page.GetByTestId("f-alloc-percentiles").GetByTestId("allocation-variant").FillAsync("Big");
        await page.GetByTestId("percentile-from").FillAsync("0");
        await page.GetByTestId("percentile-to").FillAsync("30");
        await portal.SaveEditorAsync();
        await portal.WaitForEditorClosedAsync();

        var flag = await portal.Rest.GetFlagAsync("Banner");
        var filters = flag["conditions"]!["client_filters"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That((string?)flag["conditions"]!["requirement_type"], Is.EqualTo("All"));
            Assert.That(filters.Select(filter => (string?)filter!["name"]), Is.EqualTo(new[] { "Microsoft.Percentage", "Microsoft.TimeWindow" }));
            Assert.That((double?)filters[0]!["parameters"]!["Value"], Is.EqualTo(25));
            Assert.That((string?)filters[1]!["parameters"]!["Start"], Is.EqualTo("Tue, 01 Jan 2030 08:00:00 GMT"));
            Assert.That(filters[1]!["parameters"]!.AsObject().ContainsKey("End"), Is.False);
            Assert.That((string?)flag["variants"]![0]!["name"], Is.EqualTo("Big"));
            Assert.That((int?)flag["variants"]![0]!["configuration_value"]!["size"], Is.EqualTo(48));
            Assert.That((bool?)flag["variants"]![1]!["configuration_value"], Is.False);
            Assert.That((string?)flag["variants"]![1]!["status_override"], Is.EqualTo("Disabled"));
            Assert.That((string?)flag["allocation"]!["default_when_enabled"], Is.EqualTo("Big"));
            Assert.That((string?)flag["allocation"]!["default_when_disabled"], Is.EqualTo("Off"));
            Assert.That((string?)flag["allocation"]!["seed"], Is.EqualTo("banner-seed"));
            Assert.That(flag["allocation"]!["user"]![0]!["users"]!.AsArray().Select(user => (string?)user), Is.EqualTo(new[] { "carol", "dave" }));
            Assert.That((double?)flag["allocation"]!["percentile"]![0]!["to"], Is.EqualTo(30));
        });
    }

    [Test]
    public async Task The_raw_JSON_view_saves_edits_and_keeps_fields_the_form_does_not_know()
    {
        var seeded = new JsonObject
        {
            ["id"] = "Custom",
            ["enabled"] = false,
            ["conditions"] = new JsonObject
            {
                ["client_filters"] = new JsonArray(new JsonObject { ["name"] = "Contoso.Region", ["parameters"] = new JsonObject { ["Allowed"] = new JsonArray("eu") } }),
            },
            ["telemetry"] = new JsonObject { ["enabled"] = true, ["metadata"] = new JsonObject { ["owner"] = "team-a" } },
        };
        await using var portal = await PortalPage.OpenAsync(_browser, emulator => emulator.SetFeatureFlagAsync(seeded.ToJsonString()));
        var page = portal.Page;

        // A form edit keeps the custom filter and the telemetry metadata.
        await portal.OpenEditorAsync("Custom");
        await page.GetByTestId("f-description").FillAsync("edited in the form");
        await page.GetByTestId("tab-json").ClickAsync();
        var json = JsonNode.Parse(await page.GetByTestId("json-value").InputValueAsync())!.AsObject();
        Assert.That((string?)json["description"], Is.EqualTo("edited in the form"), "the JSON view shows the form's edit");

        json["enabled"] = true;
        json["display_name"] = "Custom (JSON)";
        await page.GetByTestId("json-value").FillAsync(json.ToJsonString());
        await portal.SaveEditorAsync();
        await portal.WaitForEditorClosedAsync();

        var stored = await portal.Rest.GetFlagAsync("Custom");
        Assert.Multiple(() =>
        {
            Assert.That((bool?)stored["enabled"], Is.True);
            Assert.That((string?)stored["display_name"], Is.EqualTo("Custom (JSON)"));
            Assert.That((string?)stored["description"], Is.EqualTo("edited in the form"));
            Assert.That((string?)stored["conditions"]!["client_filters"]![0]!["name"], Is.EqualTo("Contoso.Region"));
            Assert.That((string?)stored["telemetry"]!["metadata"]!["owner"], Is.EqualTo("team-a"));
        });

        // Invalid JSON is refused in the page with a message naming the problem; nothing is written.
        await portal.OpenEditorAsync("Custom");
        await page.GetByTestId("tab-json").ClickAsync();
        await page.GetByTestId("json-value").FillAsync("{\"id\": \"Custom\", \"enabled\": \"yes\"}");
        await portal.SaveEditorAsync();
        await Expect(portal.EditorMessage).ToContainTextAsync("enabled");
        Assert.That((bool?)(await portal.Rest.GetFlagAsync("Custom"))["enabled"], Is.True);
    }

    [Test]
    public async Task A_stored_value_that_is_not_a_flag_opens_in_the_JSON_view_and_can_be_repaired()
    {
        await using var portal = await PortalPage.OpenAsync(_browser, emulator =>
            emulator.SetKeyValueAsync(".appconfig.featureflag/Legacy", "{\"id\": \"Legacy\", \"enabled\": \"sometimes\"}", contentType: "application/json"));
        var page = portal.Page;
        await Expect(portal.Row("Legacy")).ToContainTextAsync("Invalid value");
        await Expect(portal.Row("Legacy").GetByTestId("toggle")).ToBeDisabledAsync();

        await portal.OpenEditorAsync("Legacy");
        await Expect(portal.EditorMessage).ToContainTextAsync("enabled");
        await Expect(page.GetByTestId("json-value")).ToHaveValueAsync("{\"id\": \"Legacy\", \"enabled\": \"sometimes\"}");
        await page.GetByTestId("json-value").FillAsync("{\"id\": \"Legacy\", \"enabled\": true}");
        await portal.SaveEditorAsync();
        await portal.WaitForEditorClosedAsync();

        Assert.That((bool?)(await portal.Rest.GetFlagAsync("Legacy"))["enabled"], Is.True, "saved as a feature flag (content type checked by GetFlagAsync)");
    }

    [Test]
    public async Task Import_reads_both_file_shapes_and_export_writes_them()
    {
        await using var portal = await PortalPage.OpenAsync(_browser);
        var page = portal.Page;
        var folder = Directory.CreateTempSubdirectory("portal-import-");
        try
        {
            var appSettings = Path.Combine(folder.FullName, "appsettings.json");
            await File.WriteAllTextAsync(appSettings, """
                {"Logging": {"LogLevel": {"Default": "Warning"}},
                 "feature_management": {"feature_flags": [{"id": "FromAppSettings", "enabled": true}]}}
                """);
            var broken = Path.Combine(folder.FullName, "broken.json");
            await File.WriteAllTextAsync(broken, """{"feature_management": {"feature_flags": [{"id": "Bad", "enabled": "yes"}]}}""");
            await page.GetByTestId("import-file").SetInputFilesAsync(broken);
            await Expect(portal.Message).ToContainTextAsync("feature_flags[0]: enabled");
            Assert.That(await portal.Rest.GetAsync(".appconfig.featureflag/Bad"), Is.Null, "a file with an invalid flag imports nothing");

            await page.GetByTestId("import-file").SetInputFilesAsync(appSettings);
            await Expect(portal.Message).ToContainTextAsync("Imported 1 of 1");
            Assert.That((bool?)(await portal.Rest.GetFlagAsync("FromAppSettings"))["enabled"], Is.True);

            var kvset = Path.Combine(folder.FullName, "export.json");
            await File.WriteAllTextAsync(kvset, """
                {"items": [
                  {"key": "app:color", "value": "blue", "label": null, "content_type": null, "tags": {}},
                  {"key": ".appconfig.featureflag/FromKvSet", "value": "{\"id\":\"FromKvSet\",\"enabled\":false}", "label": "prod",
                   "content_type": "application/vnd.microsoft.appconfig.ff+json;charset=utf-8", "tags": {"owner": "team-b"}}
                ]}
                """);
            await page.GetByTestId("import-file").SetInputFilesAsync(kvset);
            await Expect(portal.Message).ToContainTextAsync("Imported 1 of 1");
            await Expect(portal.Message).ToContainTextAsync("skipped 1");
            Assert.That(await portal.Rest.GetAsync(".appconfig.featureflag/FromKvSet", "prod"), Is.Not.Null);
            Assert.That(await portal.Rest.GetAsync("app:color"), Is.Null, "import takes feature flags only");

            var legacy = Path.Combine(folder.FullName, "appsettings.legacy.json");
            await File.WriteAllTextAsync(legacy, """
                {"FeatureManagement": {"Legacy": {"EnabledFor": [{"Name": "Percentage", "Parameters": {"Value": 30}}]}, "LegacyOff": false}}
                """);
            await page.GetByTestId("import-file").SetInputFilesAsync(legacy);
            await Expect(portal.Message).ToContainTextAsync("Imported 2 of 2");
            var converted = await portal.Rest.GetFlagAsync("Legacy");
            Assert.That((bool?)converted["enabled"], Is.True);
            Assert.That((string?)converted["conditions"]!["client_filters"]![0]!["name"], Is.EqualTo("Microsoft.Percentage"));
            Assert.That((double?)converted["conditions"]!["client_filters"]![0]!["parameters"]!["Value"], Is.EqualTo(30));
            Assert.That((bool?)(await portal.Rest.GetFlagAsync("LegacyOff"))["enabled"], Is.False);
            await portal.Rest.DeleteAsync(".appconfig.featureflag/Legacy");
            await portal.Rest.DeleteAsync(".appconfig.featureflag/LegacyOff");
            await page.GetByTestId("refresh").ClickAsync();
            await Expect(portal.Rows).ToHaveCountAsync(2);

            var kvsetDownload = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-kvset").ClickAsync());
            var exported = JsonNode.Parse(await File.ReadAllTextAsync(await kvsetDownload.PathAsync()))!;
            var items = exported["items"]!.AsArray();
            Assert.That(items.Select(item => $"{(string?)item!["key"]}|{(string?)item["label"]}"), Is.EquivalentTo(new[] { ".appconfig.featureflag/FromAppSettings|", ".appconfig.featureflag/FromKvSet|prod" }));
            Assert.That((string?)items.Single(item => (string?)item!["label"] == "prod")!["tags"]!["owner"], Is.EqualTo("team-b"));

            var appSettingsDownload = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-appsettings").ClickAsync());
            var section = JsonNode.Parse(await File.ReadAllTextAsync(await appSettingsDownload.PathAsync()))!["feature_management"]!["feature_flags"]!.AsArray();
            Assert.That(section.Select(flag => (string?)flag!["id"]), Is.EquivalentTo(new[] { "FromAppSettings", "FromKvSet" }));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
