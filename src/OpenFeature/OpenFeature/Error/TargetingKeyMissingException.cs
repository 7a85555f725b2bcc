using OpenFeature.Constant;

namespace OpenFeature.Error;

/// <summary>Raised when the evaluation context lacks a targeting key (<see cref="ErrorType.TargetingKeyMissing"/>).</summary>
public class TargetingKeyMissingException : FeatureProviderException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The error message.</param>
    /// <param name="innerException">The cause, if any.</param>
    public TargetingKeyMissingException(string? message = null, Exception? innerException = null)
        : base(ErrorType.TargetingKeyMissing, message, innerException)
    {
    }
}
