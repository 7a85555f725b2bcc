namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>Where a <see cref="StorePoller"/> hands the snapshots it reads: what exposes them as configuration.</summary>
internal interface ISnapshotTarget
{
    /// <summary>Swaps in a complete snapshot; <paramref name="rebuild"/> is false when nothing was reread.</summary>
    /// <returns>Whether the data exposed changed.</returns>
    bool Swap(StoreSnapshot snapshot, bool rebuild);

    /// <summary>Called once the poller has recorded the success: keeps a copy and announces a change.</summary>
    /// <param name="changed">What <see cref="Swap"/> returned.</param>
    /// <param name="replacedLastKnownGood">Whether the data in force until now came from the last-known-good file.</param>
    /// <param name="now">When the snapshot was committed.</param>
    void Swapped(bool changed, bool replacedLastKnownGood, DateTimeOffset now);
}
