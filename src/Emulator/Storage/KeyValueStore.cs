using System.Buffers.Text;
using System.Security.Cryptography;

namespace OpenFeatureAppConfig.Emulator.Storage;

/// <summary>
/// The key-values and their revision history. Writes are serialised, checked against their
/// <see cref="WriteCondition"/> and the lock flag, made durable by the <see cref="StoreJournal"/> (when
/// there is one) and only then applied; readers get immutable sorted snapshots without locking.
/// </summary>
internal sealed class KeyValueStore : IDisposable
{
    /// <summary>How long revisions are kept (the service keeps 7 or 30 days depending on the tier).</summary>
    public static readonly TimeSpan RevisionRetention = TimeSpan.FromDays(30);

    private const int AppendsBetweenCompactions = 1000;

    private readonly Lock _gate = new();
    private readonly SortedDictionary<KeyValueId, KeyValue> _current = [];
    private readonly List<Revision> _history = [];
    private readonly StoreJournal? _journal;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private KeyValue[]? _currentSnapshot;
    private Revision[]? _historySnapshot;
    private long _sequence;
    private int _appendsSinceCompaction;

    /// <summary>Creates a store in memory, or over a journal whose revisions are replayed.</summary>
    public KeyValueStore(TimeProvider time, ILogger logger, StoreJournal? journal = null, IReadOnlyList<Revision>? recorded = null)
    {
        _time = time;
        _logger = logger;
        _journal = journal;
        foreach (var revision in recorded ?? [])
        {
            Apply(revision);
        }

        if (_journal is not null)
        {
            CompactIfWorthIt(force: true);
        }
    }

    /// <summary>The number of the latest change (0 for a store never written); drives <c>Sync-Token</c>.</summary>
    public long Sequence => Volatile.Read(ref _sequence);

    /// <summary>Whether the store holds no key-value.</summary>
    public bool IsEmpty => Current.Count == 0;

    /// <summary>Every key-value, in listing order (key, then label with "no label" first).</summary>
    public IReadOnlyList<KeyValue> Current
    {
        get
        {
            var snapshot = Volatile.Read(ref _currentSnapshot);
            if (snapshot is not null)
            {
                return snapshot;
            }

            lock (_gate)
            {
                return _currentSnapshot ??= [.. _current.Values];
            }
        }
    }

    /// <summary>Every revision kept, oldest first (deletions included, with a null state).</summary>
    public IReadOnlyList<Revision> History
    {
        get
        {
            var snapshot = Volatile.Read(ref _historySnapshot);
            if (snapshot is not null)
            {
                return snapshot;
            }

            lock (_gate)
            {
                return _historySnapshot ??= [.. _history];
            }
        }
    }

    /// <summary>The key-value with this key and label, or null.</summary>
    public KeyValue? Get(string key, string? label)
    {
        lock (_gate)
        {
            return _current.GetValueOrDefault(new KeyValueId(key, label));
        }
    }

    /// <summary>The key-values as they were at <paramref name="moment"/>, in listing order.</summary>
    public IReadOnlyList<KeyValue> StateAt(DateTimeOffset moment)
    {
        var state = new SortedDictionary<KeyValueId, KeyValue>();
        foreach (var revision in History)
        {
            if (revision.Time > moment)
            {
                break;
            }

            if (revision.State is null)
            {
                state.Remove(revision.Id);
            }
            else
            {
                state[revision.Id] = revision.State;
            }
        }

        return [.. state.Values];
    }

    /// <summary>Creates or replaces a key-value, keeping its lock flag.</summary>
    public WriteResult Set(string key, string? label, string? value, string? contentType, IReadOnlyDictionary<string, string?> tags, WriteCondition condition)
    {
        lock (_gate)
        {
            var id = new KeyValueId(key, label);
            var existing = _current.GetValueOrDefault(id);
            if (!condition.IsMetBy(existing))
            {
                return new WriteResult(WriteOutcome.PreconditionFailed, existing);
            }

            if (existing is { Locked: true })
            {
                return new WriteResult(WriteOutcome.Locked, existing);
            }

            var now = _time.GetUtcNow();
            var state = new KeyValue(key, label, value, contentType, new Dictionary<string, string?>(tags, StringComparer.Ordinal), false, now, NewETag());
            Commit(new Revision(_sequence + 1, id, now, state));
            return new WriteResult(WriteOutcome.Applied, state);
        }
    }

    /// <summary>Deletes a key-value; the result carries the deleted state.</summary>
    public WriteResult Delete(string key, string? label, WriteCondition condition)
    {
        lock (_gate)
        {
            var id = new KeyValueId(key, label);
            var existing = _current.GetValueOrDefault(id);
            if (!condition.IsMetBy(existing))
            {
                return new WriteResult(WriteOutcome.PreconditionFailed, existing);
            }

            if (existing is null)
            {
                return new WriteResult(WriteOutcome.NotFound, null);
            }

            if (existing.Locked)
            {
                return new WriteResult(WriteOutcome.Locked, existing);
            }

            Commit(new Revision(_sequence + 1, id, _time.GetUtcNow(), null));
            return new WriteResult(WriteOutcome.Applied, existing);
        }
    }

    /// <summary>Makes a key-value read-only (or writable again); a new revision with a new entity tag.</summary>
    public WriteResult SetLocked(string key, string? label, bool locked, WriteCondition condition)
    {
        lock (_gate)
        {
            var id = new KeyValueId(key, label);
            var existing = _current.GetValueOrDefault(id);
            if (!condition.IsMetBy(existing))
            {
                return new WriteResult(WriteOutcome.PreconditionFailed, existing);
            }

            if (existing is null)
            {
                return new WriteResult(WriteOutcome.NotFound, null);
            }

            var now = _time.GetUtcNow();
            var state = existing with { Locked = locked, LastModified = now, ETag = NewETag() };
            Commit(new Revision(_sequence + 1, id, now, state));
            return new WriteResult(WriteOutcome.Applied, state);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _journal?.Dispose();

    private static string NewETag()
    {
        Span<byte> random = stackalloc byte[18];
        RandomNumberGenerator.Fill(random);
        return Base64Url.EncodeToString(random);
    }

    // Called under the gate: durable first, then visible.
    private void Commit(Revision revision)
    {
        _journal?.Append(revision);
        Apply(revision);
        if (_journal is not null && ++_appendsSinceCompaction >= AppendsBetweenCompactions)
        {
            CompactIfWorthIt(force: false);
        }
    }

    private void Apply(Revision revision)
    {
        if (revision.State is null)
        {
            _current.Remove(revision.Id);
        }
        else
        {
            _current[revision.Id] = revision.State;
        }

        _history.Add(revision);
        Volatile.Write(ref _sequence, revision.Sequence);
        Volatile.Write(ref _currentSnapshot, null);
        Volatile.Write(ref _historySnapshot, null);
    }

    // Drops revisions older than the retention period, except the one that holds a live key-value.
    private void CompactIfWorthIt(bool force)
    {
        _appendsSinceCompaction = 0;
        var cutoff = _time.GetUtcNow() - RevisionRetention;
        var retained = _history.Where(r => r.Time >= cutoff || (r.State is not null && ReferenceEquals(_current.GetValueOrDefault(r.Id), r.State))).ToList();
        if (retained.Count == _history.Count && (!force || _journal!.RecordCount == retained.Count))
        {
            return;
        }

        try
        {
            _journal!.Rewrite(retained);
        }
        catch (IOException exception)
        {
            // Compaction only saves space: the old file is intact, so the store goes on with it.
            _logger.LogWarning(exception, "Compacting the store file failed; it keeps its old revisions until the next attempt.");
            return;
        }

        _history.Clear();
        _history.AddRange(retained);
        Volatile.Write(ref _historySnapshot, null);
    }
}
