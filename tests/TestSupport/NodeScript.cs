using System.Security.Cryptography;

namespace OpenFeatureAppConfig.TestSupport;

/// <summary>
/// Runs Node.js scripts that drive real npm clients (Azure's own SDKs, OpenFeature's web providers)
/// against our servers. The npm packages are installed by the test itself, once per package-lock
/// content, so a fresh clone needs nothing but node and npm on the PATH.
/// </summary>
internal static class NodeScript
{
    /// <summary>
    /// Installs the packages of <paramref name="packageDirectory"/> (a folder with package.json and
    /// package-lock.json) unless the same lock file was installed before. Safe across parallel test runs.
    /// </summary>
    public static async Task EnsurePackagesAsync(string packageDirectory, CancellationToken cancellationToken = default)
    {
        var lockFile = Path.Combine(packageDirectory, "package-lock.json");
        if (!File.Exists(lockFile))
        {
            throw new FileNotFoundException($"No package-lock.json in {packageDirectory}: run 'npm install' there and commit the lock file.", lockFile);
        }

        var stampFile = Path.Combine(packageDirectory, "node_modules", ".installed-lock-sha256");
        var wanted = Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(lockFile, cancellationToken)));

        // Several test assemblies may install the same folder at once: serialise on a lock file.
        await using var gate = await AcquireFileLockAsync(Path.Combine(packageDirectory, ".npm-install.lock"), cancellationToken);
        if (File.Exists(stampFile) && await File.ReadAllTextAsync(stampFile, cancellationToken) == wanted)
        {
            return;
        }

        var result = await ChildProcess.RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], packageDirectory, null, TimeSpan.FromMinutes(5), cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci in {packageDirectory} failed ({result.ExitCode}):\n{result.StandardError}\n{result.StandardOutput}");
        }

        await File.WriteAllTextAsync(stampFile, wanted, cancellationToken);
    }

    /// <summary>Runs <c>node script args...</c> in <paramref name="workingDirectory"/> and returns what it printed.</summary>
    public static Task<ProcessResult> RunNodeAsync(
        string workingDirectory,
        string script,
        IEnumerable<string>? arguments = null,
        IDictionary<string, string>? environment = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var args = new List<string> { script };
        args.AddRange(arguments ?? []);
        return ChildProcess.RunAsync("node", args, workingDirectory, environment, timeout ?? TimeSpan.FromMinutes(2), cancellationToken);
    }

    private static async Task<FileStream> AcquireFileLockAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException)
            {
                await Task.Delay(200, cancellationToken);
            }
        }
    }
}
