namespace OpenFeatureAppConfig.Emulator;

/// <summary>
/// Fault injection for reliability tests, switchable while the emulator runs; everything is off by
/// default. Faults apply to every request, or only to those matching <see cref="FailWhen"/> when it is set.
/// Rates are probabilities between 0 and 1, drawn independently for every request, in this order:
/// <see cref="Outage"/>, <see cref="DropConnectionRate"/>, <see cref="ThrottleRate"/>, <see cref="ServerErrorRate"/>.
/// </summary>
public sealed class EmulatorFaults
{
    private long _latencyTicks;
    private long _throttleRetryAfterTicks = TimeSpan.FromMilliseconds(100).Ticks;
    private double _serverErrorRate;
    private double _throttleRate;
    private double _dropConnectionRate;
    private volatile bool _outage;
    private volatile Func<HttpRequestInfo, bool>? _failWhen;

    /// <summary>A delay added before answering each affected request.</summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set => Interlocked.Exchange(ref _latencyTicks, value < TimeSpan.Zero ? throw new ArgumentOutOfRangeException(nameof(value), value, "Latency cannot be negative.") : value.Ticks);
    }

    /// <summary>The share of requests answered with 500 or 503 (alternating at random).</summary>
    public double ServerErrorRate
    {
        get => Volatile.Read(ref _serverErrorRate);
        set => Volatile.Write(ref _serverErrorRate, CheckRate(value));
    }

    /// <summary>The share of requests answered 429 with <c>retry-after-ms</c> = <see cref="ThrottleRetryAfter"/>.</summary>
    public double ThrottleRate
    {
        get => Volatile.Read(ref _throttleRate);
        set => Volatile.Write(ref _throttleRate, CheckRate(value));
    }

    /// <summary>The wait a throttled client is told to observe (<c>retry-after-ms</c> and <c>Retry-After</c>).</summary>
    public TimeSpan ThrottleRetryAfter
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _throttleRetryAfterTicks));
        set => Interlocked.Exchange(ref _throttleRetryAfterTicks, value < TimeSpan.Zero ? throw new ArgumentOutOfRangeException(nameof(value), value, "The retry wait cannot be negative.") : value.Ticks);
    }

    /// <summary>The share of requests whose connection is aborted without an answer.</summary>
    public double DropConnectionRate
    {
        get => Volatile.Read(ref _dropConnectionRate);
        set => Volatile.Write(ref _dropConnectionRate, CheckRate(value));
    }

    /// <summary>When on, every affected request is answered 503.</summary>
    public bool Outage
    {
        get => _outage;
        set => _outage = value;
    }

    /// <summary>
    /// Limits the faults to requests for which it returns true (e.g. <c>r =&gt; r.IsNextPage</c>). When it is
    /// set and no other fault is switched on, matching requests are answered 503, as in an outage.
    /// </summary>
    public Func<HttpRequestInfo, bool>? FailWhen
    {
        get => _failWhen;
        set => _failWhen = value;
    }

    /// <summary>Whether any fault is switched on.</summary>
    public bool IsAnyActive =>
        Latency > TimeSpan.Zero || ServerErrorRate > 0 || ThrottleRate > 0 || DropConnectionRate > 0 || Outage || FailWhen is not null;

    /// <summary>Switches every fault off.</summary>
    public void Reset()
    {
        Latency = TimeSpan.Zero;
        ServerErrorRate = 0;
        ThrottleRate = 0;
        DropConnectionRate = 0;
        ThrottleRetryAfter = TimeSpan.FromMilliseconds(100);
        Outage = false;
        FailWhen = null;
    }

    private static double CheckRate(double value) =>
        value is >= 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A rate is a probability between 0 and 1.");
}
