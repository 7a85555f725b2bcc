using System.Net;
using System.Net.Http.Headers;
using OpenFeatureAppConfig.Emulator.Tests.Support;

namespace OpenFeatureAppConfig.Emulator.Tests.Protocol;

public class LocksTests
{
    [Test]
    public async Task A_locked_key_value_refuses_put_and_delete_with_409_key_locked_until_unlocked()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.For(emulator);
        var before = await client.PutOkAsync("k", "v", "l");

        using var locked = await client.SendAsync(HttpMethod.Put, ApiClient.KeyPath("k", "l", "locks"));
        Assert.That(locked.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var lockedItem = await ApiClient.ReadJsonAsync(locked);
        Assert.That(lockedItem.GetProperty("locked").GetBoolean(), Is.True);
        Assert.That(lockedItem.GetProperty("etag").GetString(), Is.Not.EqualTo(before.GetProperty("etag").GetString()));

        using var put = await client.PutAsync("k", "changed", "l");
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        var problem = await ApiClient.ReadJsonAsync(put);
        Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo("https://azconfig.io/errors/key-locked"));
        Assert.That(put.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));

        using var delete = await client.SendAsync(HttpMethod.Delete, ApiClient.KeyPath("k", "l"));
        Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));

        using var unlocked = await client.SendAsync(HttpMethod.Delete, ApiClient.KeyPath("k", "l", "locks"));
        Assert.That(unlocked.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await ApiClient.ReadJsonAsync(unlocked)).GetProperty("locked").GetBoolean(), Is.False);

        var after = await client.PutOkAsync("k", "changed", "l");
        Assert.That(after.GetProperty("value").GetString(), Is.EqualTo("changed"));
    }

    [Test]
    public async Task Locking_a_missing_key_value_is_404_and_locks_honour_If_Match()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.For(emulator);
        using var missing = await client.SendAsync(HttpMethod.Put, ApiClient.KeyPath("nope", resource: "locks"));
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        await client.PutOkAsync("k", "v");
        using var stale = await client.SendAsync(HttpMethod.Put, ApiClient.KeyPath("k", resource: "locks"), configure: r => r.Headers.IfMatch.Add(new EntityTagHeaderValue("\"stale\"")));
        Assert.That(stale.StatusCode, Is.EqualTo(HttpStatusCode.PreconditionFailed));
    }

    [Test]
    public async Task Seeding_helpers_cannot_overwrite_a_locked_key_value_either()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.For(emulator);
        await client.PutOkAsync("k", "v");
        using var locked = await client.SendAsync(HttpMethod.Put, ApiClient.KeyPath("k", resource: "locks"));
        Assert.ThrowsAsync<InvalidOperationException>(() => emulator.SetKeyValueAsync("k", "other"));
        Assert.ThrowsAsync<InvalidOperationException>(() => emulator.DeleteKeyValueAsync("k"));
    }
}
