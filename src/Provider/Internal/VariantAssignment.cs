namespace OpenFeatureAppConfig.Provider.Internal;

/// <summary>Which allocation rule assigns a variant to an enabled flag.</summary>
internal enum AssignmentRule
{
    /// <summary>No user, group or percentile rule matched: the default-when-enabled variant (if any).</summary>
    DefaultWhenEnabled,

    /// <summary>A user allocation listed the user.</summary>
    User,

    /// <summary>A group allocation listed one of the user's groups.</summary>
    Group,

    /// <summary>A percentile allocation's range held the user's bucket.</summary>
    Percentile,
}

/// <summary>The variant an enabled flag assigns to a user, and the rule that chose it.</summary>
internal readonly record struct VariantAssignment(string? VariantName, AssignmentRule Rule);
