namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// Counters that the instances of a fleet share, per numbered time window: each instance sets its own cumulative
/// counts for a window, anyone reads the sums over a range of windows. Implemented by <c>OpenFeatureAppConfig.Fleet</c>
/// over Redis (registered in dependency injection when fleet mode is on); the in-process rollout guard of
/// <c>OpenFeatureAppConfig.Guardrails</c> uses it to judge a rollout on the whole fleet's requests.
/// </summary>
/// <remarks>
/// Setting the same counts twice changes nothing (a retry after a timeout is safe): an instance sends its totals
/// for the window, never increments. What a window number means (its length) is the caller's business; put it in
/// the series name so that callers with different windows never mix.
/// </remarks>
public interface IFleetCounters
{
    /// <summary>Sets this instance's totals for one window of a series; they expire after <paramref name="timeToLive"/>.</summary>
    /// <param name="series">What is counted (e.g. a flag's requests); any text.</param>
    /// <param name="window">The window's number.</param>
    /// <param name="counts">This instance's totals so far in that window, by counter name; they only grow.</param>
    /// <param name="timeToLive">How long the fleet keeps the window after this write.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    Task SetAsync(string series, long window, IReadOnlyDictionary<string, long> counts, TimeSpan timeToLive, CancellationToken cancellationToken);

    /// <summary>Sums the totals of every instance over the windows <paramref name="firstWindow"/> to <paramref name="lastWindow"/> (inclusive).</summary>
    /// <param name="series">What is counted.</param>
    /// <param name="firstWindow">The first window's number.</param>
    /// <param name="lastWindow">The last window's number.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The sums by counter name, and how many instances contributed.</returns>
    Task<FleetCounterSums> SumAsync(string series, long firstWindow, long lastWindow, CancellationToken cancellationToken);
}
