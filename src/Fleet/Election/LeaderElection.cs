using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace OpenFeatureAppConfig.Fleet;

/// <summary>
/// Keeps trying to become the fleet's leader, renews the lease while it is, and gives leadership up as soon as a
/// renewal is refused or the lease may have run out (counted on this instance's clock from before the last
/// successful renewal was sent, so it never believes itself leader longer than Redis does). A follower tries again
/// when the lease it was refused runs out (plus a small jitter), or at once when the leader announces a release:
/// a takeover then follows the expiry within the jitter, and a follower costs one attempt per lease, not one per
/// renewal.
/// </summary>
internal sealed class LeaderElection : IAsyncDisposable
{
    private readonly RedisLease _lease;
    private readonly TimeSpan _leaseTime;
    private readonly TimeSpan _renewInterval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly TimeSpan _maxJitter;
    private TaskCompletionSource _wake = NewWake();
    private Task? _loop;
    private LeaseGrant? _grant;
    private DateTimeOffset _validUntil;
    private long _rounds;
    private volatile bool _answered = true;

    public LeaderElection(RedisLease lease, TimeSpan leaseTime, TimeSpan renewInterval, TimeProvider time, ILogger logger)
    {
        _lease = lease;
        _leaseTime = leaseTime;
        _renewInterval = renewInterval;
        _maxJitter = leaseTime / 40;
        _time = time;
        _logger = logger;
    }

    /// <summary>Raised (on the election's loop) when this instance became leader, with its grant.</summary>
    public event Action<LeaseGrant>? Acquired;

    /// <summary>Raised (on the election's loop) when this instance stopped being leader.</summary>
    public event Action<LeaseGrant>? Lost;

    /// <summary>
    /// Raised (on the election's loop) when a lease round failed because Redis did not answer after the one before
    /// had an answer: on a silent partition that is long before the connection is given up.
    /// </summary>
    public event Action? Unanswered;

    /// <summary>Raised (on the election's loop) when Redis answered a lease round again after <see cref="Unanswered"/>.</summary>
    public event Action? Answered;

    /// <summary>The grant while this instance holds the lease, else null.</summary>
    public LeaseGrant? Grant
    {
        get
        {
            lock (_lock)
            {
                return _grant is not null && _time.GetUtcNow() < _validUntil ? _grant : null;
            }
        }
    }

    /// <summary>Whether Redis answered the last lease round (true before the first).</summary>
    public bool RedisAnswers => _answered;

    /// <summary>How many lease rounds (an acquire or a renewal, answered or failed) this instance has completed.</summary>
    public long Rounds => Interlocked.Read(ref _rounds);

    public void Start() => _loop ??= Task.Run(() => RunAsync(_stop.Token));

    /// <summary>Makes the next attempt now (the lease was released); does nothing while this instance leads.</summary>
    public void TryNow()
    {
        TaskCompletionSource wake;
        lock (_lock)
        {
            wake = _wake;
            _wake = NewWake();
        }

        wake.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        LeaseGrant? grant;
        lock (_lock)
        {
            grant = _grant;
            _grant = null;
        }

        if (grant is not null)
        {
            try
            {
                // Hand over at once instead of making the others wait for the expiry.
                await _lease.TryReleaseAsync(grant).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                _logger.LogDebug("Could not release the fleet lease ({Error}); it expires by itself.", e.GetType().Name);
            }
        }

        _stop.Dispose();
    }

    private static TaskCompletionSource NewWake() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Task wake;
            lock (_lock)
            {
                // Taken before the attempt, so that a release announced while it runs is not missed.
                wake = _wake.Task;
            }

            var next = await TryOnceAsync().ConfigureAwait(false);
            Interlocked.Increment(ref _rounds);
            using var cancelDelay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(next, _time, cancelDelay.Token);
            // A release wakes a follower only: the leader keeps its renewal rhythm. WhenAny does not throw when stopped.
            await Task.WhenAny(delay, Grant is null ? wake : delay).ConfigureAwait(false);
            await cancelDelay.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>One attempt or renewal; returns how long to wait before the next.</summary>
    private async Task<TimeSpan> TryOnceAsync()
    {
        var sentAt = _time.GetUtcNow();
        LeaseGrant? held;
        lock (_lock)
        {
            held = _grant;
        }

        try
        {
            if (held is null)
            {
                var attempt = await _lease.TryAcquireAsync().ConfigureAwait(false);
                Answer(true);
                if (attempt.Grant is not { } grant)
                {
                    // Measured by Redis before the answer left it, so waiting this long from now is never too early.
                    return attempt.HeldFor is { } heldFor ? heldFor + Jitter() : _renewInterval;
                }

                lock (_lock)
                {
                    _grant = grant;
                    _validUntil = sentAt + _leaseTime;
                }

                _logger.LogInformation("This instance is now the fleet's leader (fencing token {Token}).", grant.Token);
                Notify(Acquired, grant);
            }
            else
            {
                var renewed = await _lease.TryRenewAsync(held).ConfigureAwait(false);
                Answer(true);
                if (renewed)
                {
                    lock (_lock)
                    {
                        _validUntil = sentAt + _leaseTime;
                    }
                }
                else
                {
                    GiveUp(held, "the lease was taken over or expired");
                }
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            _logger.LogDebug("Fleet lease round failed ({Error}).", e.GetType().Name);
            Answer(false);
            if (held is not null && _time.GetUtcNow() >= _validUntil)
            {
                GiveUp(held, "Redis did not confirm the lease in time");
            }
        }

        return _renewInterval;
    }

    /// <summary>Up to 2.5 % of the lease time, so that the followers of one fleet do not all try in the same millisecond.</summary>
    private TimeSpan Jitter() => TimeSpan.FromMilliseconds(1) + TimeSpan.FromTicks((long)(_maxJitter.Ticks * Random.Shared.NextDouble()));

    private void Answer(bool answered)
    {
        if (_answered == answered)
        {
            return;
        }

        _answered = answered;
        try
        {
            (answered ? Answered : Unanswered)?.Invoke();
        }
        catch (Exception e)
        {
            _logger.LogError(e, "A handler of Redis connectivity failed.");
        }
    }

    private void GiveUp(LeaseGrant held, string reason)
    {
        lock (_lock)
        {
            if (_grant != held)
            {
                return;
            }

            _grant = null;
        }

        _logger.LogWarning("This instance is no longer the fleet's leader (fencing token {Token}): {Reason}.", held.Token, reason);
        Notify(Lost, held);
    }

    private void Notify(Action<LeaseGrant>? handlers, LeaseGrant grant)
    {
        try
        {
            handlers?.Invoke(grant);
        }
        catch (Exception e)
        {
            // A handler's failure must not end the election loop (the lease would lapse while the leader is alive).
            _logger.LogError(e, "A handler of a fleet leadership change failed (fencing token {Token}).", grant.Token);
        }
    }
}
