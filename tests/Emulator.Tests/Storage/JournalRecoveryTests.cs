using System.Net;
using System.Text;
using OpenFeatureAppConfig.Emulator.Tests.Support;

namespace OpenFeatureAppConfig.Emulator.Tests.Storage;

/// <summary>A full disk, a crash in the middle of an append and a changed byte in the store file.</summary>
public class JournalRecoveryTests
{
    [Test]
    public async Task A_full_disk_refuses_the_write_undoes_the_partial_line_and_the_next_start_serves_everything_acknowledged()
    {
        using var folder = new TempFolder();
        var data = folder.File("data");
        var storeFile = Path.Combine(data, "store.jsonl");
        var acknowledged = new List<string>();
        string? refused = null;
        long lengthBeforeRefusal = 0;
        await using (var limited = await EmulatorProcess.StartAsync(["--port", "0", "--data", data], fileSizeLimitKiB: 64))
        {
            using var client = ClientFor(limited);
            var value = new string('x', 1000);
            for (var i = 0; i < 200 && refused is null; i++)
            {
                var length = new FileInfo(storeFile).Length;
                using var put = await client.PutAsync($"/kv/key{i:D3}?api-version=1.0", Json($$"""{"value":"{{value}}"}"""));
                if (put.StatusCode == HttpStatusCode.OK)
                {
                    acknowledged.Add($"key{i:D3}");
                    continue;
                }

                refused = $"key{i:D3}";
                lengthBeforeRefusal = length;
                Assert.That((int)put.StatusCode, Is.InRange(500, 599), await put.Content.ReadAsStringAsync());
                var body = await put.Content.ReadAsStringAsync();
                Assert.That(body, Does.Not.Contain(data), "no path in the answer");
            }

            Assert.That(refused, Is.Not.Null, "the file-size limit was never reached: " + limited.Output);
            Assert.That(await limited.WaitForOutputAsync("not applied", TimeSpan.FromSeconds(10)), Is.True, "the failure is logged: " + limited.Output);
            Assert.That(new FileInfo(storeFile).Length, Is.EqualTo(lengthBeforeRefusal), "the partial line was undone: " + limited.Output);
            using var get = await client.GetAsync($"/kv/{refused}?api-version=1.0");
            Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the refused write is not served");
            using var list = await client.GetAsync("/kv?api-version=1.0");
            Assert.That(list.StatusCode, Is.EqualTo(HttpStatusCode.OK), "it keeps serving reads");
        }

        await using var restarted = await EmulatorProcess.StartAsync(["--port", "0", "--data", data]);
        using var again = ClientFor(restarted);
        using var all = await again.GetAsync("/kv?api-version=1.0&key=key*");
        Assert.That(ApiClient.KeysOf(await ApiClient.ReadJsonAsync(all)), Is.EqualTo(acknowledged));
    }

    [Test]
    public async Task An_incomplete_last_line_from_a_crash_is_dropped_logged_and_the_rest_is_served()
    {
        using var folder = new TempFolder();
        var data = folder.File("data");
        await using (var first = await EmulatorProcess.StartAsync(["--port", "0", "--data", data]))
        {
            using var client = ClientFor(first);
            using var put = await client.PutAsync("/kv/kept?api-version=1.0", Json("""{"value":"1"}"""));
            Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        // A crash in the middle of an append: part of a line and no line end (never acknowledged).
        var storeFile = Path.Combine(data, "store.jsonl");
        var complete = await File.ReadAllBytesAsync(storeFile);
        await File.AppendAllTextAsync(storeFile, "0123456789abcdef {\"seq\":2,\"time\":\"2026-");

        await using var restarted = await EmulatorProcess.StartAsync(["--port", "0", "--data", data]);
        using var again = ClientFor(restarted);
        using var get = await again.GetAsync("/kv/kept?api-version=1.0");
        Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var put2 = await again.PutAsync("/kv/after?api-version=1.0", Json("""{"value":"2"}"""));
        Assert.That(put2.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await restarted.WaitForOutputAsync("incomplete last line", TimeSpan.FromSeconds(10)), Is.True, "logged: " + restarted.Output);
        Assert.That(restarted.Output, Does.Contain(storeFile));
        Assert.That((await File.ReadAllBytesAsync(storeFile))[..complete.Length], Is.EqualTo(complete));
    }

    [Test]
    public async Task A_changed_byte_inside_a_value_is_detected_and_reported_instead_of_served()
    {
        using var folder = new TempFolder();
        var options = new AppConfigurationEmulatorOptions { DataPath = folder.Path };
        await using (var emulator = await AppConfigurationEmulator.StartAsync(options))
        {
            await emulator.SetKeyValueAsync("a", "1");
            await emulator.SetKeyValueAsync("flag", "enabled-for-everyone");
        }

        var storeFile = folder.File("store.jsonl");
        var text = await File.ReadAllTextAsync(storeFile);
        var at = text.IndexOf("enabled-for-everyone", StringComparison.Ordinal);
        await File.WriteAllTextAsync(storeFile, text[..at] + "disabled-for-everyone" + text[(at + "enabled-for-everyone".Length)..]);
        var lineStart = Encoding.UTF8.GetByteCount(text[..(text.LastIndexOf('\n', at) + 1)]);

        var error = Assert.CatchAsync<InvalidDataException>(() => AppConfigurationEmulator.StartAsync(options));
        Assert.That(error!.Message, Does.Contain(storeFile).And.Contain("line 3").And.Contain($"byte offset {lineStart}").And.Contain("checksum"));
    }

    [Test]
    public async Task A_store_file_of_the_first_format_without_checksums_is_still_read()
    {
        using var folder = new TempFolder();
        await File.WriteAllTextAsync(folder.File("store.jsonl"), """
            {"format":"appconfig-emulator-store","version":1}
            {"seq":1,"time":"2026-11-01T10:00:00.0000000+00:00","key":"old","label":null,"value":"v1","content_type":null,"tags":{},"locked":false,"etag":"e1"}

            """.ReplaceLineEndings("\n"));
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.Parse("2026-11-02T00:00:00Z"));
        await using (var emulator = await AppConfigurationEmulator.StartAsync(new AppConfigurationEmulatorOptions { DataPath = folder.Path, TimeProvider = time }))
        {
            using var client = ApiClient.For(emulator);
            client.Signer!.Clock = time.GetUtcNow;
            using var get = await client.GetAsync(ApiClient.KeyPath("old"));
            Assert.That((await ApiClient.ReadJsonAsync(get)).GetProperty("value").GetString(), Is.EqualTo("v1"));
            await emulator.SetKeyValueAsync("new", "v2");
        }

        await using var restarted = await AppConfigurationEmulator.StartAsync(new AppConfigurationEmulatorOptions { DataPath = folder.Path, TimeProvider = time });
        using var again = ApiClient.For(restarted);
        again.Signer!.Clock = time.GetUtcNow;
        using var list = await again.GetAsync("/kv?api-version=1.0");
        Assert.That(ApiClient.KeysOf(await ApiClient.ReadJsonAsync(list)), Is.EqualTo(new[] { "new", "old" }));
        Assert.That(await File.ReadAllTextAsync(folder.File("store.jsonl")), Does.Contain("\"value\":\"v1\"").And.Contain("\"value\":\"v2\""));
    }

    private static HttpClient ClientFor(EmulatorProcess process) =>
        new(new TestRequestSigner(process.ConnectionString)) { BaseAddress = process.Endpoint };

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
