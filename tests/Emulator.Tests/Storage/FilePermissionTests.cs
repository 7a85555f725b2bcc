using OpenFeatureAppConfig.Emulator.Tests.Support;

namespace OpenFeatureAppConfig.Emulator.Tests.Storage;

/// <summary>The data folder's files hold secrets (access keys, the token-signing key, stored values): owner-only.</summary>
[Platform(Exclude = "Win", Reason = "Unix file modes only")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class FilePermissionTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Test]
    public async Task The_access_key_file_and_the_store_are_created_readable_by_the_owner_only()
    {
        using var folder = new TempFolder();
        await using (var emulator = await AppConfigurationEmulator.StartAsync(new AppConfigurationEmulatorOptions { DataPath = folder.Path }))
        {
            await emulator.SetKeyValueAsync("k", "v");
        }

        Assert.That(File.GetUnixFileMode(folder.File("access-keys.json")), Is.EqualTo(OwnerOnly));
        Assert.That(File.GetUnixFileMode(folder.File("store.jsonl")), Is.EqualTo(OwnerOnly));
    }

    [Test]
    public async Task A_world_readable_access_key_file_from_an_older_emulator_is_tightened_on_start()
    {
        using var folder = new TempFolder();
        await using (await AppConfigurationEmulator.StartAsync(new AppConfigurationEmulatorOptions { DataPath = folder.Path }))
        {
        }

        File.SetUnixFileMode(folder.File("access-keys.json"), OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        await using (await AppConfigurationEmulator.StartAsync(new AppConfigurationEmulatorOptions { DataPath = folder.Path }))
        {
        }

        Assert.That(File.GetUnixFileMode(folder.File("access-keys.json")), Is.EqualTo(OwnerOnly));
    }
}
