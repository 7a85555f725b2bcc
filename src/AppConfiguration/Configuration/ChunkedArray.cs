using System.Collections;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// An immutable array kept in chunks of <see cref="ChunkSize"/> items, so that a copy with a few items replaced
/// copies their chunks and the chunk table, and shares every other chunk: a toggle in a snapshot of 10,000 flags copies
/// a few hundred references instead of 10,000. Reads stay O(1), two array indexings (an <c>ImmutableList</c> would make
/// every configuration lookup O(log n)).
/// </summary>
internal sealed class ChunkedArray<T> : IReadOnlyList<T>
    where T : class
{
    private const int ChunkBits = 7;
    private const int ChunkSize = 1 << ChunkBits;
    private const int IndexInChunk = ChunkSize - 1;

    private readonly T[][] _chunks;

    private ChunkedArray(T[][] chunks, int count)
    {
        _chunks = chunks;
        Count = count;
    }

    public static ChunkedArray<T> Empty { get; } = new([], 0);

    public int Count { get; }

    public T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"The array has {Count} items.");
            }

            return _chunks[index >> ChunkBits][index & IndexInChunk];
        }
    }

    /// <summary>The items of <paramref name="items"/>, in order.</summary>
    public static ChunkedArray<T> From(IReadOnlyList<T> items)
    {
        var chunks = new T[(items.Count + IndexInChunk) >> ChunkBits][];
        for (var chunk = 0; chunk < chunks.Length; chunk++)
        {
            var start = chunk << ChunkBits;
            var part = chunks[chunk] = new T[Math.Min(ChunkSize, items.Count - start)];
            for (var i = 0; i < part.Length; i++)
            {
                part[i] = items[start + i];
            }
        }

        return new ChunkedArray<T>(chunks, items.Count);
    }

    /// <summary>A copy with the item at each index of <paramref name="items"/> replaced (this array is not changed).</summary>
    public ChunkedArray<T> SetItems(IEnumerable<KeyValuePair<int, T>> items)
    {
        var chunks = (T[][])_chunks.Clone();
        foreach (var (index, item) in items)
        {
            if ((uint)index >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(items), index, $"The array has {Count} items.");
            }

            var chunk = index >> ChunkBits;
            if (ReferenceEquals(chunks[chunk], _chunks[chunk]))
            {
                chunks[chunk] = (T[])_chunks[chunk].Clone();
            }

            chunks[chunk][index & IndexInChunk] = item;
        }

        return new ChunkedArray<T>(chunks, Count);
    }

    /// <summary>
    /// The indexes below both counts at which this array and <paramref name="other"/> hold different objects, in
    /// order: a chunk the two share is skipped whole, so telling a patched array from its original costs the chunks
    /// the patch copied.
    /// </summary>
    public IEnumerable<int> IndexesDifferingFrom(ChunkedArray<T> other)
    {
        var common = Math.Min(Count, other.Count);
        for (var chunk = 0; chunk << ChunkBits < common; chunk++)
        {
            if (ReferenceEquals(_chunks[chunk], other._chunks[chunk]))
            {
                continue;
            }

            var end = Math.Min(common, (chunk + 1) << ChunkBits);
            for (var index = chunk << ChunkBits; index < end; index++)
            {
                if (!ReferenceEquals(this[index], other[index]))
                {
                    yield return index;
                }
            }
        }
    }

    public IEnumerator<T> GetEnumerator()
    {
        foreach (var chunk in _chunks)
        {
            foreach (var item in chunk)
            {
                yield return item;
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
