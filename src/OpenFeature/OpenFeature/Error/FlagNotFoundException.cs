using OpenFeature.Constant;

namespace OpenFeature.Error;

/// <summary>Raised when the flag was not found (<see cref="ErrorType.FlagNotFound"/>).</summary>
public class FlagNotFoundException : FeatureProviderException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The error message.</param>
    /// <param name="innerException">The cause, if any.</param>
    public FlagNotFoundException(string? message = null, Exception? innerException = null)
        : base(ErrorType.FlagNotFound, message, innerException)
    {
    }
}
