using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;
using OpenFeatureAppConfig.Provider;

namespace OpenFeatureAppConfig.Provider.Tests;

/// <summary>
/// A configuration source whose JSON can be replaced at run time, like a file reloaded on change or a remote
/// store refreshed: <see cref="SetJson"/> parses the new JSON with the real JSON configuration parser and fires
/// the reload token. It also plays a remote source that reports staleness.
/// </summary>
internal sealed class ReloadableJsonConfiguration : ConfigurationProvider, IConfigurationSource, IFeatureFlagSourceStatus
{
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource _statusChange = new();

    public bool IsStale { get; private set; }

    public string? StaleReason { get; private set; }

    public static (IConfigurationRoot Configuration, ReloadableJsonConfiguration Source) Create(string json, bool loaded = true)
    {
        var source = new ReloadableJsonConfiguration();
        source.Replace(json);
        if (loaded)
        {
            source.CompleteInitialLoad();
        }

        var configuration = new ConfigurationBuilder().Add(source).Build();
        return (configuration, source);
    }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

    public void SetJson(string json)
    {
        Replace(json);
        OnReload();
    }

    public void CompleteInitialLoad() => _loaded.TrySetResult();

    public void SetStale(bool stale, string? reason = null)
    {
        IsStale = stale;
        StaleReason = stale ? reason : null;
        var previous = Interlocked.Exchange(ref _statusChange, new CancellationTokenSource());
        previous.Cancel();
    }

    public IChangeToken GetStatusChangeToken() => new CancellationChangeToken(_statusChange.Token);

    public Task WaitForInitialLoadAsync(CancellationToken cancellationToken) => _loaded.Task.WaitAsync(cancellationToken);

    private void Replace(string json)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        var parsed = new ConfigurationBuilder().AddJsonStream(stream).Build();
        Data = parsed.AsEnumerable().Where(pair => pair.Value is not null)
            .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.OrdinalIgnoreCase);
    }
}
