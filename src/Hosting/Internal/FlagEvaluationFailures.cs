using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace OpenFeatureAppConfig.Hosting.Internal;

/// <summary>
/// The flags whose last evaluation threw (a malformed filter parameter, a failing custom filter), for the health
/// check. Each failure is logged once per flag and per configuration change, not once per evaluation: a page
/// evaluating a broken flag on every request must not flood the logs.
/// </summary>
internal sealed class FlagEvaluationFailures : IDisposable
{
    private readonly ConcurrentDictionary<string, Failure> _failing = new(StringComparer.Ordinal);
    private readonly ILogger _logger;
    private readonly IDisposable? _reloadSubscription;
    private long _generation;

    public FlagEvaluationFailures(IConfiguration? configuration, ILogger<FlagEvaluationFailures> logger)
    {
        _logger = logger;
        if (configuration is not null)
        {
            _reloadSubscription = ChangeToken.OnChange(configuration.GetReloadToken, () => Interlocked.Increment(ref _generation));
        }
    }

    /// <summary>The flags whose last evaluation failed, by name, in ordinal order.</summary>
    public IReadOnlyList<string> FlagNames => [.. _failing.Keys.Order(StringComparer.Ordinal)];

    public void Failed(string flag, Exception exception)
    {
        var generation = Interlocked.Read(ref _generation);
        var current = new Failure(exception.GetType(), generation);
        var previous = _failing.GetValueOrDefault(flag);
        _failing[flag] = current;
        if (previous != current)
        {
            _logger.LogError(exception, "Feature flag '{Flag}' could not be evaluated and is treated as disabled until its definition is fixed.", flag);
        }
    }

    public void Succeeded(string flag)
    {
        // The lookup is lock-free; removing takes a lock, so only when there is something to remove.
        if (_failing.ContainsKey(flag))
        {
            _failing.TryRemove(flag, out _);
        }
    }

    public void Dispose() => _reloadSubscription?.Dispose();

    private readonly record struct Failure(Type ExceptionType, long Generation);
}
