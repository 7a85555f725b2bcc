using OpenFeature.Constant;

namespace OpenFeature.Error;

/// <summary>Raised when an error not covered by another code occurred (<see cref="ErrorType.General"/>).</summary>
public class GeneralException : FeatureProviderException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The error message.</param>
    /// <param name="innerException">The cause, if any.</param>
    public GeneralException(string? message = null, Exception? innerException = null)
        : base(ErrorType.General, message, innerException)
    {
    }
}
