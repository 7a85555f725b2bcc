namespace OpenFeatureAppConfig.Rollouts;

/// <summary>A guard's answer about one rollout for one pass.</summary>
public sealed record RolloutGuardResult
{
    private RolloutGuardResult(bool tripped, string reason)
    {
        Tripped = tripped;
        Reason = reason;
    }

    /// <summary>True: the rollout must go back to 0 % and pause.</summary>
    public bool Tripped { get; }

    /// <summary>Why, with the numbers (it goes into the plan's history and the logs).</summary>
    public string Reason { get; }

    /// <summary>The rollout may go on; <paramref name="reason"/> says what was seen (logged at debug level).</summary>
    public static RolloutGuardResult Pass(string reason) => new(false, reason ?? string.Empty);

    /// <summary>The rollout must go back to 0 % and pause; <paramref name="reason"/> says why, with the numbers.</summary>
    public static RolloutGuardResult Trip(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new(true, reason);
    }
}
