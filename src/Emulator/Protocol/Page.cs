namespace OpenFeatureAppConfig.Emulator.Protocol;

/// <summary>One page of a listing and whether more items follow it.</summary>
internal sealed record Page<T>(IReadOnlyList<T> Items, bool HasMore)
{
    /// <summary>The service's page size.</summary>
    public const int Size = 100;

    /// <summary>
    /// Takes up to <see cref="Size"/> items that pass <paramref name="include"/> from the sorted
    /// <paramref name="items"/>, starting at index <paramref name="start"/>.
    /// </summary>
    public static Page<T> Take(IReadOnlyList<T> items, int start, Func<T, bool> include)
    {
        var page = new List<T>(Math.Min(Size, Math.Max(0, items.Count - start)));
        for (var i = start; i < items.Count; i++)
        {
            if (!include(items[i]))
            {
                continue;
            }

            if (page.Count == Size)
            {
                return new Page<T>(page, true);
            }

            page.Add(items[i]);
        }

        return new Page<T>(page, false);
    }

    /// <summary>The first index whose item compares at or after the target (<paramref name="compareToTarget"/> ≥ 0).</summary>
    public static int LowerBound(IReadOnlyList<T> items, Func<T, int> compareToTarget)
    {
        int low = 0, high = items.Count;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (compareToTarget(items[middle]) < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
