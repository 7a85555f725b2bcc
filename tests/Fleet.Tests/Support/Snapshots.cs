namespace OpenFeatureAppConfig.Fleet.Tests;

/// <summary>Small snapshots for tests: <c>Of(3, ("a", "1"), ("b", "2"))</c>.</summary>
internal static class Snapshots
{
    public static KeyValueSnapshot Of(long version, params (string Key, string Value)[] keyValues) =>
        KeyValueSnapshot.Create(version, keyValues.Select(kv => new SnapshotKeyValue(kv.Key, null, kv.Value, null, "etag-" + kv.Value)));

    public static IReadOnlyDictionary<string, string?> Values(KeyValueSnapshot? snapshot) =>
        snapshot?.KeyValues.ToDictionary(kv => kv.Key, kv => kv.Value) ?? [];
}
