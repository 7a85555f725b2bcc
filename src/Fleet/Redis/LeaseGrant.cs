namespace OpenFeatureAppConfig.Fleet;

/// <summary>A held lease: who holds it and the fencing token it was granted with (higher than any before).</summary>
internal sealed record LeaseGrant(string Owner, long Token)
{
    /// <summary>The value stored in the lease key.</summary>
    public string LeaseValue => $"{Owner}|{Token}";
}
