using OpenFeature.Constant;

namespace OpenFeature.Model;

/// <summary>What a provider returns for a flag evaluation (specification 2.2).</summary>
/// <typeparam name="T">The flag's value type.</typeparam>
public sealed class ResolutionDetails<T>
{
    /// <summary>Creates resolution details.</summary>
    /// <param name="flagKey">The flag's key.</param>
    /// <param name="value">The resolved value.</param>
    /// <param name="errorType">The error code, <see cref="ErrorType.None"/> on success.</param>
    /// <param name="reason">Why this value was chosen (see <see cref="Constant.Reason"/>).</param>
    /// <param name="variant">The variant's name.</param>
    /// <param name="errorMessage">A description of the error.</param>
    /// <param name="flagMetadata">The flag's metadata.</param>
    public ResolutionDetails(string flagKey, T value, ErrorType errorType = ErrorType.None, string? reason = null,
        string? variant = null, string? errorMessage = null, ImmutableMetadata? flagMetadata = null)
    {
        FlagKey = flagKey;
        Value = value;
        ErrorType = errorType;
        Reason = reason;
        Variant = variant;
        ErrorMessage = errorMessage;
        FlagMetadata = flagMetadata;
    }

    /// <summary>The resolved value.</summary>
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

    /// <summary>
    /// The evaluation details the SDK made from this resolution, reused when a provider returns the same resolution
    /// object again (the in-memory provider does), so such evaluations allocate no details.
    /// </summary>
    internal FlagEvaluationDetails<T>? EvaluationDetails { get; set; }
}
