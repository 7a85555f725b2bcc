namespace OpenFeatureAppConfig.Emulator.Storage;

/// <summary>How a write to the store ended.</summary>
internal enum WriteOutcome
{
    /// <summary>The write was applied (and made durable).</summary>
    Applied,

    /// <summary>There was nothing to change (delete or lock of a missing key-value).</summary>
    NotFound,

    /// <summary>The <see cref="WriteCondition"/> did not hold; nothing changed.</summary>
    PreconditionFailed,

    /// <summary>The key-value is read-only; nothing changed.</summary>
    Locked,
}

/// <summary>The outcome of a write and the key-value it concerns (the new state, or the deleted one).</summary>
internal readonly record struct WriteResult(WriteOutcome Outcome, KeyValue? Item);
