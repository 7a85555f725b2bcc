using System.Net;
using System.Text;
using OpenFeatureAppConfig.Emulator.Tests.Support;

namespace OpenFeatureAppConfig.Emulator.Tests.Storage;

public class DurableStoreTests
{
    [Test]
    public async Task A_restart_loses_nothing_acknowledged_and_keeps_the_connection_string()
    {
        using var folder = new TempFolder();
        var options = new AppConfigurationEmulatorOptions { DataPath = folder.Path };
        string connectionString;
        string etag;
        await using (var emulator = await AppConfigurationEmulator.StartAsync(options))
        {
            using var client = ApiClient.For(emulator);
            await client.PutOkAsync("kept", "1");
            etag = (await client.PutOkAsync("kept", "2", "l", "text/plain", new Dictionary<string, string?> { ["t"] = null })).GetProperty("etag").GetString()!;
            await client.PutOkAsync("deleted", "x");
            using (await client.SendAsync(HttpMethod.Delete, ApiClient.KeyPath("deleted")))
            {
            }

            using (await client.SendAsync(HttpMethod.Put, ApiClient.KeyPath("kept", resource: "locks")))
            {
            }

            connectionString = emulator.ConnectionString;
        }

        await using var restarted = await AppConfigurationEmulator.StartAsync(options);
        Assert.That(restarted.ConnectionString.Split(';')[1..], Is.EqualTo(connectionString.Split(';')[1..]), "same access key");
        using var again = ApiClient.For(restarted);
        using var list = await again.GetAsync("/kv?api-version=1.0");
        var items = (await ApiClient.ReadJsonAsync(list)).GetProperty("items").EnumerateArray().ToList();
        Assert.That(items.Select(i => i.GetProperty("key").GetString() + "/" + i.GetProperty("label").GetString()), Is.EqualTo(new[] { "kept/", "kept/l" }));
        var labelled = items[1];
        Assert.That(labelled.GetProperty("value").GetString(), Is.EqualTo("2"));
        Assert.That(labelled.GetProperty("etag").GetString(), Is.EqualTo(etag));
        Assert.That(labelled.GetProperty("tags").GetProperty("t").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
        Assert.That(items[0].GetProperty("locked").GetBoolean(), Is.True);

        using var revisions = await again.GetAsync("/revisions?api-version=1.0&key=deleted");
        Assert.That((await ApiClient.ReadJsonAsync(revisions)).GetProperty("items").GetArrayLength(), Is.EqualTo(1), "history survives too");
    }

    [Test]
    public async Task Concurrent_writers_are_serialised_and_all_of_them_persist()
    {
        using var folder = new TempFolder();
        var options = new AppConfigurationEmulatorOptions { DataPath = folder.Path };
        await using (var emulator = await AppConfigurationEmulator.StartAsync(options))
        {
            using var client = ApiClient.For(emulator);
            var writes = Enumerable.Range(0, 40).Select(async i =>
            {
                using var response = await client.PutAsync($"key{i:D2}", i.ToString());
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            });
            await Task.WhenAll(writes);

            // Optimistic concurrency: of two writers holding the same etag only one wins.
            var etag = (await client.PutOkAsync("contended", "0")).GetProperty("etag").GetString()!;
            var racers = Enumerable.Range(0, 8).Select(async i =>
            {
                using var response = await client.PutAsync("contended", i.ToString(), configure: r => r.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{etag}\"")));
                return response.StatusCode;
            }).ToList();
            var outcomes = await Task.WhenAll(racers);
            Assert.That(outcomes.Count(s => s == HttpStatusCode.OK), Is.EqualTo(1));
            Assert.That(outcomes.Count(s => s == HttpStatusCode.PreconditionFailed), Is.EqualTo(7));
        }

        await using var restarted = await AppConfigurationEmulator.StartAsync(options);
        using var again = ApiClient.For(restarted);
        using var list = await again.GetAsync("/kv?api-version=1.0&key=key*");
        Assert.That(ApiClient.KeysOf(await ApiClient.ReadJsonAsync(list)), Is.EqualTo(Enumerable.Range(0, 40).Select(i => $"key{i:D2}")));
    }

    [Test]
    public async Task A_corrupt_line_stops_the_start_with_an_error_naming_file_line_and_byte()
    {
        using var folder = new TempFolder();
        var options = new AppConfigurationEmulatorOptions { DataPath = folder.Path };
        await using (var emulator = await AppConfigurationEmulator.StartAsync(options))
        {
            await emulator.SetKeyValueAsync("a", "1");
            await emulator.SetKeyValueAsync("b", "2");
        }

        var storeFile = folder.File("store.jsonl");
        var lines = await File.ReadAllLinesAsync(storeFile);
        lines[2] = lines[2][..10] + "#" + lines[2][11..];
        await File.WriteAllTextAsync(storeFile, string.Join("\n", lines) + "\n");
        var expectedOffset = Encoding.UTF8.GetByteCount(lines[0] + "\n" + lines[1] + "\n");
        var bytesBefore = await File.ReadAllBytesAsync(storeFile);

        var error = Assert.CatchAsync<InvalidDataException>(() => AppConfigurationEmulator.StartAsync(options));
        Assert.That(error!.Message, Does.Contain(storeFile));
        Assert.That(error.Message, Does.Contain("line 3"));
        Assert.That(error.Message, Does.Match($@"byte offset {expectedOffset}\d*|byte offset {expectedOffset + 10}"));
        Assert.That(await File.ReadAllBytesAsync(storeFile), Is.EqualTo(bytesBefore), "the file is left as it was");
    }

    [Test]
    public async Task A_truncated_last_line_is_dropped_on_start_and_the_rest_is_served()
    {
        using var folder = new TempFolder();
        var options = new AppConfigurationEmulatorOptions { DataPath = folder.Path };
        await using (var emulator = await AppConfigurationEmulator.StartAsync(options))
        {
            await emulator.SetKeyValueAsync("a", "1");
            await emulator.SetKeyValueAsync("b", "2");
        }

        var storeFile = folder.File("store.jsonl");
        var bytes = await File.ReadAllBytesAsync(storeFile);
        await File.WriteAllBytesAsync(storeFile, bytes[..^20]);

        await using var restarted = await AppConfigurationEmulator.StartAsync(options);
        using var client = ApiClient.For(restarted);
        using var list = await client.GetAsync("/kv?api-version=1.0");
        Assert.That(ApiClient.KeysOf(await ApiClient.ReadJsonAsync(list)), Is.EqualTo(new[] { "a" }));
        Assert.That((await File.ReadAllBytesAsync(storeFile))[^1], Is.EqualTo((byte)'\n'), "the incomplete line is cut off, so the next append starts a new line");
    }

    [Test]
    public async Task A_foreign_or_empty_file_is_refused()
    {
        using var folder = new TempFolder();
        await File.WriteAllTextAsync(folder.File("store.jsonl"), "{\"hello\":1}\n");
        var foreign = Assert.CatchAsync<InvalidDataException>(() => AppConfigurationEmulator.StartAsync(new AppConfigurationEmulatorOptions { DataPath = folder.Path }));
        Assert.That(foreign!.Message, Does.Contain("line 1"));

        await File.WriteAllTextAsync(folder.File("store.jsonl"), string.Empty);
        var empty = Assert.CatchAsync<InvalidDataException>(() => AppConfigurationEmulator.StartAsync(new AppConfigurationEmulatorOptions { DataPath = folder.Path }));
        Assert.That(empty!.Message, Does.Contain("empty"));
    }

    [Test]
    public async Task A_second_emulator_cannot_open_the_same_data_folder()
    {
        using var folder = new TempFolder();
        var options = new AppConfigurationEmulatorOptions { DataPath = folder.Path };
        await using var first = await AppConfigurationEmulator.StartAsync(options);
        var error = Assert.CatchAsync<IOException>(() => AppConfigurationEmulator.StartAsync(options));
        Assert.That(error!.Message, Does.Contain("in use"));
    }

    [Test]
    public async Task Revisions_older_than_the_retention_are_compacted_away_but_current_values_stay()
    {
        using var folder = new TempFolder();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = new AppConfigurationEmulatorOptions { DataPath = folder.Path, TimeProvider = time };
        await using (var emulator = await AppConfigurationEmulator.StartAsync(options))
        {
            await emulator.SetKeyValueAsync("old", "1");
            await emulator.SetKeyValueAsync("old", "2");
            await emulator.SetKeyValueAsync("gone", "x");
            await emulator.DeleteKeyValueAsync("gone");
        }

        Assert.That(await File.ReadAllLinesAsync(folder.File("store.jsonl")), Has.Length.EqualTo(5), "header and four revisions");
        time.Advance(TimeSpan.FromDays(31));
        await using var restarted = await AppConfigurationEmulator.StartAsync(options);

        Assert.That(await File.ReadAllLinesAsync(folder.File("store.jsonl")), Has.Length.EqualTo(2), "header and the revision holding the current value");
        using var client = ApiClient.For(restarted);
        client.Signer!.Clock = time.GetUtcNow;
        using var value = await client.GetAsync(ApiClient.KeyPath("old"));
        Assert.That((await ApiClient.ReadJsonAsync(value)).GetProperty("value").GetString(), Is.EqualTo("2"));
        using var gone = await client.GetAsync(ApiClient.KeyPath("gone"));
        Assert.That(gone.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
