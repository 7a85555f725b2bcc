namespace OpenFeatureAppConfig.Guardrails.Internal;

/// <summary>
/// The experiment recorders of the apps running in this process. <c>Track</c> reaches no hook and
/// <see cref="OpenFeature.IFeatureClient"/> does not say which <see cref="OpenFeature.Api"/> it belongs to, so a
/// conversion goes to every live recorder; each counts it only for a key its own hook enrolled. A recorder joins
/// when its container creates it and leaves when the container disposes it.
/// </summary>
internal static class LiveExperimentRecorders
{
    private static readonly Lock Gate = new();
    private static ExperimentRecorder[] _live = [];

    /// <summary>A snapshot: copy-on-write, so <c>Track</c> reads it without a lock.</summary>
    public static ExperimentRecorder[] All => Volatile.Read(ref _live);

    public static void Add(ExperimentRecorder recorder)
    {
        lock (Gate)
        {
            Volatile.Write(ref _live, [.. _live, recorder]);
        }
    }

    public static void Remove(ExperimentRecorder recorder)
    {
        lock (Gate)
        {
            Volatile.Write(ref _live, [.. _live.Where(live => !ReferenceEquals(live, recorder))]);
        }
    }
}
