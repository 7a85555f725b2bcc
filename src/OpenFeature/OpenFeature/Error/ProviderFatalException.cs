using OpenFeature.Constant;

namespace OpenFeature.Error;

/// <summary>Raised when the provider is in an irrecoverable error state (<see cref="ErrorType.ProviderFatal"/>).</summary>
public class ProviderFatalException : FeatureProviderException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The error message.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ProviderFatalException(string? message = null, Exception? innerException = null)
        : base(ErrorType.ProviderFatal, message, innerException)
    {
    }
}
