namespace OpenFeatureAppConfig.Rollouts;

/// <summary>
/// What a rollout releases: an on/off flag being enabled (its <c>Microsoft.Targeting</c> default rollout
/// percentage), or one variant of a variant flag (its percentile allocation).
/// </summary>
public sealed record RolloutTarget
{
    private RolloutTarget(string? variant) => Variant = variant;

    /// <summary>The on/off flag is enabled for the stage's percentage of users.</summary>
    public static RolloutTarget Enabled { get; } = new((string?)null);

    /// <summary>The variant that the stage's percentage of users are allocated, or null for <see cref="Enabled"/>.</summary>
    public string? Variant { get; }

    /// <summary>The variant <paramref name="name"/> is allocated to the stage's percentage of users.</summary>
    public static RolloutTarget ForVariant(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new RolloutTarget(name);
    }

    /// <inheritdoc />
    public override string ToString() => Variant is null ? "enabled" : $"variant '{Variant}'";
}
