using StackExchange.Redis;

namespace OpenFeatureAppConfig.Fleet;

/// <summary>Reads the fleet's full snapshot, as the publication script stored it.</summary>
internal static class StoredSnapshot
{
    /// <summary>The stored snapshot, or null when there is none.</summary>
    /// <exception cref="FormatException">The stored data is not a valid snapshot (or does not match its hash).</exception>
    public static async Task<KeyValueSnapshot?> ReadAsync(IDatabaseAsync database, FleetKeys keys)
    {
        var body = await database.HashGetAsync(keys.Snapshot, "body").ConfigureAwait(false);
        return body.IsNull ? null : SnapshotJson.ReadSnapshot((byte[])body!);
    }
}
