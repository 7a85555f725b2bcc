namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>One key-value of a snapshot, as the store returned it. Identified by <see cref="Key"/> and <see cref="Label"/>.</summary>
/// <param name="Key">The key.</param>
/// <param name="Label">The label, or null for none.</param>
/// <param name="Value">The value; may be a secret, so it is never logged.</param>
/// <param name="ContentType">The content type, or null.</param>
/// <param name="ETag">The entity tag the store gave this revision, or null.</param>
public sealed record SnapshotKeyValue(string Key, string? Label, string? Value, string? ContentType, string? ETag)
{
    /// <summary>Hides the value: snapshots can hold secrets.</summary>
    public override string ToString() => Label is null ? Key : $"{Key} ({Label})";
}
