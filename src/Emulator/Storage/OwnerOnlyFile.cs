namespace OpenFeatureAppConfig.Emulator.Storage;

/// <summary>
/// Files of the data folder hold secrets (access keys, the token-signing key, stored values): on Unix they
/// are created readable and writable by their owner only (0600), whatever the umask.
/// </summary>
internal static class OwnerOnlyFile
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates (or replaces) <paramref name="path"/> for writing, owner-only from the first byte.</summary>
    public static FileStream Create(string path)
    {
        // The mode applies only to a file the call creates: a leftover one (e.g. a temporary file of an
        // interrupted write) is removed first, so that it cannot keep wider permissions.
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerReadWrite;
        }

        return new FileStream(path, options);
    }

    /// <summary>Takes group and other permissions away from an existing file (one written by an older emulator).</summary>
    public static void Restrict(string path)
    {
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~(OwnerReadWrite | UnixFileMode.UserExecute)) != 0)
        {
            File.SetUnixFileMode(path, OwnerReadWrite);
        }
    }
}
