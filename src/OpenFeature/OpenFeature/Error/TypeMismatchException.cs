using OpenFeature.Constant;

namespace OpenFeature.Error;

/// <summary>Raised when the flag value does not have the requested type (<see cref="ErrorType.TypeMismatch"/>).</summary>
public class TypeMismatchException : FeatureProviderException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The error message.</param>
    /// <param name="innerException">The cause, if any.</param>
    public TypeMismatchException(string? message = null, Exception? innerException = null)
        : base(ErrorType.TypeMismatch, message, innerException)
    {
    }
}
