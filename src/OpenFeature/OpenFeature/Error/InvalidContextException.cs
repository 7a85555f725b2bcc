using OpenFeature.Constant;

namespace OpenFeature.Error;

/// <summary>Raised when the evaluation context is not valid for the flag (<see cref="ErrorType.InvalidContext"/>).</summary>
public class InvalidContextException : FeatureProviderException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The error message.</param>
    /// <param name="innerException">The cause, if any.</param>
    public InvalidContextException(string? message = null, Exception? innerException = null)
        : base(ErrorType.InvalidContext, message, innerException)
    {
    }
}
