using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using OpenFeatureAppConfig.AppConfiguration;
using OpenFeatureAppConfig.Fleet;

namespace OpenFeatureAppConfig.Hosting.Internal;

/// <summary>
/// Offers the fleet's shared counters (<see cref="IFleetCounters"/>) in dependency injection when fleet mode is on,
/// so that the in-process rollout guard sums the whole fleet's requests; without fleet mode nothing is registered
/// and the guard counts this instance alone.
/// </summary>
/// <remarks>Like <see cref="FleetConnector"/>: Fleet types only inside <see cref="CountersOf"/>, which is not inlined.</remarks>
internal static class FleetCountersConnector
{
    public static void Register(IServiceCollection services, ISnapshotFleet fleet) =>
        services.AddSingleton(_ => CountersOf(fleet));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IFleetCounters CountersOf(ISnapshotFleet fleet) => ((FleetMember)fleet).Counters;
}
