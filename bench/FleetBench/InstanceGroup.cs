namespace OpenFeatureAppConfig.FleetBench;

/// <summary>Many <see cref="AppInstance"/>s in this process, started and stopped a few at a time; the first may be a web instance.</summary>
internal sealed class InstanceGroup : IAsyncDisposable
{
    // Each start joins Redis synchronously (configuration sources load synchronously): a few at a time.
    private const int Parallelism = 8;
    private readonly AppInstance?[] _instances;

    private InstanceGroup(int count) => _instances = new AppInstance?[count];

    public ToggleWatch Watch { get; } = new();

    public IReadOnlyList<AppInstance> Instances => [.. _instances.OfType<AppInstance>()];

    public int Count => _instances.Length;

    /// <summary>The Event Grid endpoint of the web instance (the first one), if any.</summary>
    public Uri? EventsEndpoint => _instances[0]?.EventsEndpoint;

    public static async Task<InstanceGroup> StartAsync(int count, InstanceSpec spec, bool firstIsWeb, CancellationToken cancellationToken)
    {
        var group = new InstanceGroup(count);
        // Each start blocks a pool thread while it joins Redis (configuration sources load synchronously): without
        // more threads at hand the pool would add one about every half second. Only while starting: a real
        // instance (a process of its own) has no raised minimum, so the toggles are measured without it.
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(64, Environment.ProcessorCount * 16), Math.Max(64, completionPorts));
        try
        {
            await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (i, ct) =>
                group._instances[i] = await AppInstance.StartAsync(i, spec, group.Watch, web: firstIsWeb && i == 0, ct));
            return group;
        }
        catch
        {
            await group.DisposeAsync();
            throw;
        }
        finally
        {
            ThreadPool.SetMinThreads(workers, completionPorts);
        }
    }

    public async ValueTask DisposeAsync() =>
        await Parallel.ForAsync(0, _instances.Length, new ParallelOptions { MaxDegreeOfParallelism = Parallelism * 2 }, async (i, _) =>
        {
            if (Interlocked.Exchange(ref _instances[i], null) is { } instance)
            {
                await instance.DisposeAsync();
            }
        });
}
