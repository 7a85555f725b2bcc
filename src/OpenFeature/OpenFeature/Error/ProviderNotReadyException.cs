using OpenFeature.Constant;

namespace OpenFeature.Error;

/// <summary>Raised when the provider is not ready (<see cref="ErrorType.ProviderNotReady"/>).</summary>
public class ProviderNotReadyException : FeatureProviderException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The error message.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ProviderNotReadyException(string? message = null, Exception? innerException = null)
        : base(ErrorType.ProviderNotReady, message, innerException)
    {
    }
}
