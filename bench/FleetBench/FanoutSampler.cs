using System.Diagnostics;
using System.Globalization;

namespace OpenFeatureAppConfig.FleetBench;

/// <summary>
/// What this process did while one toggle spread over its instances: the thread pool's queue and threads (sampled
/// every millisecond on a thread of its own), CPU time, GC pauses, and the time its threads spent runnable but
/// waiting for a core (<c>/proc/self/task/*/schedstat</c>: the machine's other load).
/// </summary>
internal sealed class FanoutSampler : IDisposable
{
    private readonly Thread _thread;
    private readonly long _startedAt = Stopwatch.GetTimestamp();
    private readonly TimeSpan _cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly TimeSpan _gcPauseBefore = GC.GetTotalPauseDuration();
    private readonly int[] _collectionsBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
    private readonly long _runQueueBefore = RunQueueWaitNanoseconds();
    private readonly long _allocatedBefore = GC.GetTotalAllocatedBytes();
    private volatile bool _stop;
    private long _maxPending;
    private int _maxThreads;

    public FanoutSampler()
    {
        _thread = new Thread(Sample) { IsBackground = true, Name = "fan-out sampler", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    /// <summary>Stops sampling and sums up since the start.</summary>
    public FanoutStats Stop()
    {
        _stop = true;
        _thread.Join();
        var wall = Stopwatch.GetElapsedTime(_startedAt);
        return new FanoutStats(
            wall,
            Process.GetCurrentProcess().TotalProcessorTime - _cpuBefore,
            TimeSpan.FromTicks((RunQueueWaitNanoseconds() - _runQueueBefore) / 100),
            GC.GetTotalPauseDuration() - _gcPauseBefore,
            GC.CollectionCount(0) - _collectionsBefore[0] + GC.CollectionCount(1) - _collectionsBefore[1] + GC.CollectionCount(2) - _collectionsBefore[2],
            GC.CollectionCount(2) - _collectionsBefore[2],
            _maxPending,
            _maxThreads,
            GC.GetTotalAllocatedBytes() - _allocatedBefore,
            GC.GetGCMemoryInfo().HeapSizeBytes);
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }

    /// <summary>Nanoseconds this process's threads spent runnable on a run queue without a core (field 2 of schedstat).</summary>
    private static long RunQueueWaitNanoseconds()
    {
        long total = 0;
        try
        {
            foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
            {
                try
                {
                    var fields = File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ');
                    total += long.Parse(fields[1], CultureInfo.InvariantCulture);
                }
                catch (IOException)
                {
                    // The thread ended meanwhile.
                }
            }
        }
        catch (DirectoryNotFoundException)
        {
            // Not Linux.
        }

        return total;
    }

    private void Sample()
    {
        while (!_stop)
        {
            _maxPending = Math.Max(_maxPending, ThreadPool.PendingWorkItemCount);
            _maxThreads = Math.Max(_maxThreads, ThreadPool.ThreadCount);
            Thread.Sleep(1);
        }
    }
}

/// <summary>One toggle's fan-out in this process (see <see cref="FanoutSampler"/>).</summary>
internal sealed record FanoutStats(TimeSpan Wall, TimeSpan Cpu, TimeSpan RunQueueWait, TimeSpan GcPause, int Collections, int Gen2Collections, long MaxPoolQueue, int MaxPoolThreads, long Allocated, long HeapSize)
{
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"wall {Wall.TotalMilliseconds:N0} ms, CPU {Cpu.TotalMilliseconds:N0} ms ({Cpu / Wall:N2} cores), threads waiting for a core {RunQueueWait.TotalMilliseconds:N0} ms, " +
        $"allocated {Allocated / 1e6:N0} MB, GC {Collections} ({Gen2Collections} gen2, heap {HeapSize / 1e6:N0} MB) pausing {GcPause.TotalMilliseconds:N0} ms, thread pool queue max {MaxPoolQueue:N0}, threads max {MaxPoolThreads}");
}
