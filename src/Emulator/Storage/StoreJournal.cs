using System.Text;
using System.Text.Json;

namespace OpenFeatureAppConfig.Emulator.Storage;

/// <summary>
/// The durable store: an append-only file of revisions, one checksummed JSON line each, flushed to disk
/// before a write is acknowledged. An append that fails (a full disk) is undone by cutting the file back
/// to its previous length, so the file only ever ends with acknowledged revisions, or, after a crash
/// in the middle of an append, with an incomplete line that no client was told about: that one is
/// dropped at the next start. Compaction rewrites the file through a temporary file, a flush and an
/// atomic rename, so that a crash at any moment leaves either the old or the new file. A lock file keeps
/// a second emulator away from the same folder.
/// </summary>
internal sealed class StoreJournal : IDisposable
{
    /// <summary>The store file's name inside the data folder.</summary>
    public const string FileName = "store.jsonl";

    private const string LockFileName = "store.lock";

    private readonly string _path;
    private readonly FileStream _folderLock;
    private FileStream _stream;
    private string? _brokenBecause;

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
    public static StoreJournal Open(string folder, ILogger logger, out IReadOnlyList<Revision> revisions)
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

            OwnerOnlyFile.Restrict(path);
            var contents = ReadAll(path);
            revisions = contents.Revisions;
            if (contents.IncompleteTail is { } tail)
            {
                using (var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read))
                {
                    file.SetLength(tail.Offset);
                    file.Flush(flushToDisk: true);
                }

                logger.LogWarning(
                    "The store file '{Path}' ended with an incomplete last line (line {Line}, byte offset {Offset}, {Length} bytes without a line end), left by a write interrupted before it was acknowledged; it was dropped and the store starts with the {Count} revisions before it.",
                    path, tail.Line, tail.Offset, tail.Length, revisions.Count);
            }

            if (contents.Version == 1)
            {
                WriteAtomically(path, revisions);
                logger.LogInformation("The store file '{Path}' was converted to format version 2 (a checksum on every line).", path);
            }

            return new StoreJournal(path, folderLock, OpenForAppending(path), revisions.Count);
        }
        catch
        {
            folderLock.Dispose();
            throw;
        }
    }

    /// <summary>Appends one revision and flushes it to the disk; on failure the file is as it was before.</summary>
    /// <exception cref="IOException">The revision could not be stored (e.g. the disk is full); the write must not be applied.</exception>
    public void Append(Revision revision)
    {
        if (_brokenBecause is not null)
        {
            throw new IOException($"The write was not applied: the store file '{_path}' refuses writes since an earlier write failed and could not be undone ({_brokenBecause}). Restart the emulator.");
        }

        var line = RevisionJson.ToLine(revision);
        var length = _stream.Length;
        try
        {
            _stream.Write(line);
            _stream.Flush(flushToDisk: true);
        }
        catch (Exception failure) when (IsWriteFailure(failure))
        {
            Undo(length, failure);
            throw new IOException($"The write was not applied: appending to the store file '{_path}' failed ({failure.Message}); the file was cut back to its last acknowledged revision.", failure);
        }

        RecordCount++;
    }

    /// <summary>Replaces the file's content with <paramref name="revisions"/> (temp file, flush, atomic rename).</summary>
    /// <exception cref="IOException">The new file could not be written; the old one is kept.</exception>
    public void Rewrite(IReadOnlyCollection<Revision> revisions)
    {
        _stream.Dispose();
        try
        {
            WriteAtomically(_path, revisions);
        }
        finally
        {
            _stream = OpenForAppending(_path);
        }

        RecordCount = revisions.Count;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stream.Dispose();
        _folderLock.Dispose();
    }

    // Unbuffered, so that a failed write leaves nothing behind in a buffer that a later flush would write.
    private static FileStream OpenForAppending(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read, bufferSize: 0);
        stream.Seek(0, SeekOrigin.End);
        return stream;
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
        try
        {
            using (var stream = OwnerOnlyFile.Create(temporary))
            {
                stream.Write(Encoding.UTF8.GetBytes(RevisionJson.Header + "\n"));
                foreach (var revision in revisions)
                {
                    stream.Write(RevisionJson.ToLine(revision));
                }

                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception failure) when (IsWriteFailure(failure))
        {
            File.Delete(temporary);
            throw new IOException($"Writing the store file '{temporary}' failed ({failure.Message}); the previous file is kept.", failure);
        }
    }

    private static StoreContents ReadAll(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var revisions = new List<Revision>();
        var offset = 0;
        var lineNumber = 0;
        var version = 0;
        long lastSequence = 0;
        while (offset < bytes.Length)
        {
            lineNumber++;
            var end = Array.IndexOf(bytes, (byte)'\n', offset);
            if (end < 0)
            {
                if (lineNumber == 1)
                {
                    throw StoreFileCorruption.At(path, 1, 0, "the store header is incomplete");
                }

                // Every acknowledged line was flushed with its line end, so a line without one was never acknowledged.
                return new StoreContents(revisions, version, new IncompleteLine(lineNumber, offset, bytes.Length - offset));
            }

            var line = bytes.AsSpan(offset, end - offset);
            if (lineNumber == 1)
            {
                version = RevisionJson.VersionOfHeader(line)
                    ?? throw StoreFileCorruption.At(path, 1, 0, $"the first line is not the store header {RevisionJson.Header}");
            }
            else
            {
                var revision = ReadLine(path, line, version, lineNumber, offset);
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

        return new StoreContents(revisions, version, null);
    }

    private static Revision ReadLine(string path, ReadOnlySpan<byte> line, int version, int lineNumber, int offset)
    {
        try
        {
            return RevisionJson.FromLine(line, version);
        }
        catch (JsonException exception)
        {
            var jsonStart = version == 1 ? 0 : LineChecksum.PrefixLength;
            throw StoreFileCorruption.At(path, lineNumber, offset + jsonStart + (exception.BytePositionInLine ?? 0), "invalid JSON: " + exception.Message);
        }
        catch (FormatException exception)
        {
            throw StoreFileCorruption.At(path, lineNumber, offset, exception.Message);
        }
    }

    // A full disk is an IOException (ENOSPC); a file-size limit (EFBIG) surfaces as ArgumentOutOfRangeException.
    private static bool IsWriteFailure(Exception exception) =>
        exception is IOException or ArgumentOutOfRangeException or UnauthorizedAccessException;

    private void Undo(long length, Exception failure)
    {
        try
        {
            _stream.SetLength(length);
            _stream.Position = length;
            _stream.Flush(flushToDisk: true);
        }
        catch (Exception undoFailure) when (IsWriteFailure(undoFailure))
        {
            _brokenBecause = $"{failure.Message}; cutting the partial line off failed too: {undoFailure.Message}";
        }
    }

    private sealed record StoreContents(List<Revision> Revisions, int Version, IncompleteLine? IncompleteTail);

    private sealed record IncompleteLine(int Line, long Offset, long Length);
}
