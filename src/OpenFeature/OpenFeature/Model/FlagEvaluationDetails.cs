using OpenFeature.Constant;

namespace OpenFeature.Model;

/// <summary>The result of a detailed flag evaluation (specification 1.4).</summary>
/// <typeparam name="T">The flag's value type.</typeparam>
public sealed class FlagEvaluationDetails<T>
{
    /// <summary>Creates evaluation details.</summary>
    /// <param name="flagKey">The flag's key.</param>
    /// <param name="value">The value.</param>
    /// <param name="errorType">The error code, <see cref="ErrorType.None"/> on success.</param>
    /// <param name="reason">Why this value was chosen.</param>
    /// <param name="variant">The variant's name.</param>
    /// <param name="errorMessage">A description of the error.</param>
    /// <param name="flagMetadata">The flag's metadata.</param>
    public FlagEvaluationDetails(string flagKey, T value, ErrorType errorType, string? reason, string? variant,
        string? errorMessage = null, ImmutableMetadata? flagMetadata = null)
    {
        FlagKey = flagKey;
        Value = value;
        ErrorType = errorType;
        Reason = reason;
        Variant = variant;
        ErrorMessage = errorMessage;
        FlagMetadata = flagMetadata;
    }

    /// <summary>The value.</summary>
    public T Value { get; }

    /// <summary>The flag's key.</summary>
    public string FlagKey { get; }

    /// <summary>The error code, <see cref="ErrorType.None"/> on success.</summary>
    public ErrorType ErrorType { get; }

    /// <summary>A description of the error.</summary>
    public string? ErrorMessage { get; }

    /// <summary>Why this value was chosen.</summary>
    public string? Reason { get; }

    /// <summary>The variant's name.</summary>
    public string? Variant { get; }

    /// <summary>The flag's metadata.</summary>
    public ImmutableMetadata? FlagMetadata { get; }
}
