using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace OpenFeatureAppConfig.FleetBench;

/// <summary>
/// Which types this process allocates while it listens: the runtime's allocation ticks (one event per ~100 KB
/// allocated, naming the type that crossed the mark), a sample that is proportional to the bytes per type.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytesByType = new(StringComparer.Ordinal);
    private volatile bool _listening;

    public void Start() => _listening = true;

    public void Stop() => _listening = false;

    /// <summary>The types with the most sampled bytes, with their share of all sampled bytes.</summary>
    public string Top(int count)
    {
        var total = Math.Max(1, _bytesByType.Values.Sum());
        return string.Join(", ", _bytesByType.OrderByDescending(t => t.Value).Take(count)
            .Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Key} {(double)t.Value / total:P0}")));
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        // GCAllocationTick_V4: AllocationAmount, AllocationKind, ClrInstanceID, AllocationAmount64, TypeID, TypeName, ...
        if (!_listening || eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || eventData.Payload is not { } payload)
        {
            return;
        }

        var names = eventData.PayloadNames!;
        var typeName = names.IndexOf("TypeName") is >= 0 and var t ? payload[t] as string : null;
        var amount = names.IndexOf("AllocationAmount64") is >= 0 and var a ? Convert.ToInt64(payload[a], CultureInfo.InvariantCulture) : 100_000;
        _bytesByType.AddOrUpdate(typeName ?? "?", amount, (_, sum) => sum + amount);
    }
}
