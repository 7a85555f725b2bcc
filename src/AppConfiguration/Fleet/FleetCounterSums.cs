namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>The fleet's sums of a series over a range of windows (<see cref="IFleetCounters.SumAsync"/>).</summary>
/// <param name="Totals">The sum of every instance's totals, by counter name.</param>
/// <param name="Instances">How many instances contributed to the range.</param>
public sealed record FleetCounterSums(IReadOnlyDictionary<string, long> Totals, int Instances);
