namespace OpenFeatureAppConfig.TestSupport;

/// <summary>
/// A fresh folder under the system temp folder that is deleted on dispose, whatever the test did. Deletion retries
/// for a moment, since a file watcher or a process that has just exited may still hold a file.
/// </summary>
internal sealed class TemporaryDirectory : IDisposable
{
    private TemporaryDirectory(string path) => Path = path;

    public string Path { get; }

    /// <summary>Creates <c>{temp}/{prefix}XXXXXX</c>.</summary>
    public static TemporaryDirectory Create(string prefix) => new(Directory.CreateTempSubdirectory(prefix).FullName);

    /// <summary>A path inside the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Delete(Path);

    /// <summary>Deletes a folder and everything in it, retrying while something still holds a file.</summary>
    public static void Delete(string path)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }

                return;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException && attempt < 20)
            {
                Thread.Sleep(50 * attempt);
            }
        }
    }
}

/// <summary>A temporary file path (not created) under the system temp folder, deleted on dispose if it exists.</summary>
internal sealed class TemporaryFile(string prefix, string extension) : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}{Guid.NewGuid():N}{extension}");

    public void Dispose() => File.Delete(Path);
}
