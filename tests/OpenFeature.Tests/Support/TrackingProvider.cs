using System.Collections.Concurrent;
using OpenFeature.Model;

namespace OpenFeature.Tests.Support;

/// <summary>A provider that implements tracking (spec 2.7) and records every call.</summary>
internal sealed class TrackingProvider : TestProvider
{
    public ConcurrentQueue<(string Name, EvaluationContext? Context, TrackingEventDetails? Details)> Events { get; } = new();

    public override void Track(string trackingEventName, EvaluationContext? evaluationContext = null, TrackingEventDetails? trackingEventDetails = null)
        => Events.Enqueue((trackingEventName, evaluationContext, trackingEventDetails));
}
