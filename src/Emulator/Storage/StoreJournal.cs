using System.Text.Json;

namespace OpenFeatureAppConfig.Emulator.Storage;

/// <summary>
/// The durable store: an append-only file of revisions, one JSON line each, flushed to disk before a
/// write is acknowledged. Compaction rewrites it through a temporary file, a flush and an atomic rename,
/// so that a crash at any moment leaves either the old or the new file. A lock file keeps a second
/// emulator away from the same folder.
/// </summary>
internal sealed class StoreJournal : IDisposable
{
    /// <summary>The store file's name inside the data folder.</summary>
    public const string FileName = "store.jsonl";

    private const string LockFileName = "store.lock";

    private readonly string _path;
    private readonly FileStream _folderLock;
    private FileStream _stream;

    private StoreJournal(string path, FileStream folderLock, FileStream stream, int recordCount)
    {
        _path = path;
        _folderLock = folderLock;
        _stream = stream;
        RecordCount = recordCount;
    }

    /// <summary>How many revisions the file holds.</summary>
    public int RecordCount { get; private set; }

    /// <summary>Opens (or creates) the store in <paramref name="folder"/> and reads every revision back.</summary>
    /// <exception cref="InvalidDataException">The file cannot be read back completely.</exception>
    /// <exception cref="IOException">Another emulator uses the folder.</exception>
    public static StoreJournal Open(string folder, out IReadOnlyList<Revision> revisions)
    {
        Directory.CreateDirectory(folder);
        var path = Path.GetFullPath(Path.Combine(folder, FileName));
        var folderLock = AcquireFolderLock(folder);
        try
        {
            if (!File.Exists(path))
            {
                WriteAtomically(path, []);
            }

            revisions = ReadAll(path);
            var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
            return new StoreJournal(path, folderLock, stream, revisions.Count);
        }
        catch
        {
            folderLock.Dispose();
            throw;
        }
    }

    /// <summary>Appends one revision and flushes it to the disk.</summary>
    public void Append(Revision revision)
    {
        var line = RevisionJson.ToLine(revision);
        _stream.Write(line);
        _stream.Flush(flushToDisk: true);
        RecordCount++;
    }

    /// <summary>Replaces the file's content with <paramref name="revisions"/> (temp file, flush, atomic rename).</summary>
    public void Rewrite(IReadOnlyCollection<Revision> revisions)
    {
        _stream.Dispose();
        try
        {
            WriteAtomically(_path, revisions);
        }
        finally
        {
            _stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read);
        }

        RecordCount = revisions.Count;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stream.Dispose();
        _folderLock.Dispose();
    }

    private static FileStream AcquireFolderLock(string folder)
    {
        var lockPath = Path.Combine(folder, LockFileName);
        try
        {
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException exception)
        {
            throw new IOException($"The data folder '{Path.GetFullPath(folder)}' is in use by another emulator (cannot lock '{lockPath}').", exception);
        }
    }

    private static void WriteAtomically(string path, IEnumerable<Revision> revisions)
    {
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(System.Text.Encoding.UTF8.GetBytes(RevisionJson.Header + "\n"));
            foreach (var revision in revisions)
            {
                stream.Write(RevisionJson.ToLine(revision));
            }

            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static List<Revision> ReadAll(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var revisions = new List<Revision>();
        var offset = 0;
        var lineNumber = 0;
        long lastSequence = 0;
        while (offset < bytes.Length)
        {
            lineNumber++;
            var end = Array.IndexOf(bytes, (byte)'\n', offset);
            if (end < 0)
            {
                throw StoreFileCorruption.At(path, lineNumber, offset, "the last line is truncated (no line end): the file was cut short");
            }

            var line = bytes.AsSpan(offset, end - offset);
            if (lineNumber == 1)
            {
                if (!RevisionJson.IsHeader(line))
                {
                    throw StoreFileCorruption.At(path, 1, 0, $"the first line is not the store header {RevisionJson.Header}");
                }
            }
            else
            {
                Revision revision;
                try
                {
                    revision = RevisionJson.FromLine(line);
                }
                catch (JsonException exception)
                {
                    throw StoreFileCorruption.At(path, lineNumber, offset + (exception.BytePositionInLine ?? 0), "invalid JSON: " + exception.Message);
                }
                catch (FormatException exception)
                {
                    throw StoreFileCorruption.At(path, lineNumber, offset, exception.Message);
                }

                if (revision.Sequence <= lastSequence)
                {
                    throw StoreFileCorruption.At(path, lineNumber, offset, $"revision number {revision.Sequence} does not follow {lastSequence}");
                }

                lastSequence = revision.Sequence;
                revisions.Add(revision);
            }

            offset = end + 1;
        }

        if (lineNumber == 0)
        {
            throw StoreFileCorruption.At(path, 1, 0, "the file is empty (not even the store header)");
        }

        return revisions;
    }
}
