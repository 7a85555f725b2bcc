using OpenFeature.Constant;

namespace OpenFeature.Error;

/// <summary>
/// An error a provider raises during evaluation; the SDK turns it into a default value with this <see cref="ErrorType"/>.
/// </summary>
public class FeatureProviderException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errorType">The specification's error code.</param>
    /// <param name="message">The error message.</param>
    /// <param name="innerException">The cause, if any.</param>
    public FeatureProviderException(ErrorType errorType, string? message = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorType = errorType;
    }

    /// <summary>The specification's error code.</summary>
    public ErrorType ErrorType { get; }
}
