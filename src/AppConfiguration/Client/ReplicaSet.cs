using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// The replicas of one store, each with its own pipeline (its own credential for connection strings). A request
/// goes to the first replica not in backoff, in the order given; on a transport fault, a 5xx or a 429 (after
/// that pipeline's own retries) it moves on to the next. A failed replica is passed over for
/// <see cref="AppConfigurationClientOptions.ReplicaBackoff"/>, doubling per failure up to ten minutes, so the
/// primary is tried again after a while.
/// </summary>
internal sealed class ReplicaSet
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(10);
    private readonly Replica[] _replicas;
    private readonly TimeSpan _backoff;
    private readonly TimeProvider _timeProvider;

    public ReplicaSet(IEnumerable<(Uri Endpoint, HttpPipeline Pipeline)> replicas, TimeSpan backoff, TimeProvider timeProvider)
    {
        _replicas = replicas.Select(r => new Replica(r.Endpoint, r.Pipeline)).ToArray();
        if (_replicas.Length == 0)
        {
            throw new ArgumentException("At least one endpoint is needed.", nameof(replicas));
        }

        _backoff = backoff;
        _timeProvider = timeProvider;
    }

    public Uri PrimaryEndpoint => _replicas[0].Endpoint;

    /// <summary>Sends a request built per replica and hands the final response to <paramref name="handle"/>.</summary>
    public async Task<T> SendAsync<T>(Func<HttpPipeline, Uri, HttpMessage> createMessage, Func<Response, T> handle, CancellationToken cancellationToken)
    {
        var order = Order();
        for (var attempt = 0; attempt < order.Length; attempt++)
        {
            var replica = order[attempt];
            var isLast = attempt == order.Length - 1;
            using var message = createMessage(replica.Pipeline, replica.Endpoint);
            try
            {
                await replica.Pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!isLast && IsTransportFault(e, cancellationToken))
            {
                MarkFailed(replica);
                continue;
            }
            catch (Exception e) when (IsTransportFault(e, cancellationToken))
            {
                MarkFailed(replica);
                throw;
            }

            if (IsFailoverStatus(message.Response.Status))
            {
                MarkFailed(replica);
                if (!isLast)
                {
                    continue;
                }
            }
            else
            {
                MarkHealthy(replica);
            }

            return handle(message.Response);
        }

        throw new InvalidOperationException("Unreachable: the last replica always returns or throws.");
    }

    private static bool IsFailoverStatus(int status) => status == 429 || status >= 500;

    /// <summary>
    /// Connection-level failures; after several failed attempts Azure.Core's retry policy wraps them in an
    /// <see cref="AggregateException"/>.
    /// </summary>
    private static bool IsTransportFault(Exception e, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && e switch
        {
            AggregateException aggregate => aggregate.InnerExceptions.All(inner => IsTransportFault(inner, cancellationToken)),
            RequestFailedException { Status: 0 } or OperationCanceledException or IOException => true,
            _ => false,
        };

    private Replica[] Order()
    {
        if (_replicas.Length == 1)
        {
            return _replicas;
        }

        var now = _timeProvider.GetUtcNow();
        lock (_replicas)
        {
            // Healthy replicas keep their configured order; those in backoff come last, soonest-available first.
            return _replicas.Where(r => r.BackoffUntil <= now)
                .Concat(_replicas.Where(r => r.BackoffUntil > now).OrderBy(r => r.BackoffUntil))
                .ToArray();
        }
    }

    private void MarkFailed(Replica replica)
    {
        lock (_replicas)
        {
            replica.Failures++;
            var factor = Math.Pow(2, Math.Min(replica.Failures - 1, 16));
            var backoff = TimeSpan.FromTicks((long)Math.Min(_backoff.Ticks * factor, MaxBackoff.Ticks));
            replica.BackoffUntil = _timeProvider.GetUtcNow() + backoff;
        }
    }

    private void MarkHealthy(Replica replica)
    {
        lock (_replicas)
        {
            replica.Failures = 0;
            replica.BackoffUntil = DateTimeOffset.MinValue;
        }
    }

    private sealed class Replica(Uri endpoint, HttpPipeline pipeline)
    {
        public Uri Endpoint { get; } = endpoint;

        public HttpPipeline Pipeline { get; } = pipeline;

        public int Failures { get; set; }

        public DateTimeOffset BackoffUntil { get; set; } = DateTimeOffset.MinValue;
    }
}
