namespace OpenFeatureAppConfig.Emulator.Storage;

/// <summary>
/// One change to one key-value, numbered in store order. <see cref="State"/> is the key-value after the
/// change, or null when the change deleted it. The durable store is exactly the list of revisions.
/// </summary>
internal sealed record Revision(long Sequence, KeyValueId Id, DateTimeOffset Time, KeyValue? State);
