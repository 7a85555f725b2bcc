using OpenFeature.Constant;

namespace OpenFeature.Error;

/// <summary>Raised when the flag value could not be parsed (<see cref="ErrorType.ParseError"/>).</summary>
public class ParseErrorException : FeatureProviderException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The error message.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ParseErrorException(string? message = null, Exception? innerException = null)
        : base(ErrorType.ParseError, message, innerException)
    {
    }
}
