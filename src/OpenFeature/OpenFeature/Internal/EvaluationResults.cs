using OpenFeature.Constant;
using OpenFeature.Error;
using OpenFeature.Model;

namespace OpenFeature.Internal;

/// <summary>Turns provider resolutions and failures into evaluation details (specification 1.4).</summary>
internal static class EvaluationResults
{
    public static readonly ImmutableMetadata EmptyMetadata = new();

    public const string NotReadyMessage = "The provider has not been initialized.";
    public const string FatalMessage = "The provider is in an irrecoverable error state.";

    /// <summary>Details of a resolution; an error code the provider reports yields the default value (1.4.10).</summary>
    public static FlagEvaluationDetails<T> FromResolution<T>(string flagKey, T defaultValue, ResolutionDetails<T>? resolution)
    {
        if (resolution is null)
        {
            return Failure(flagKey, defaultValue, ErrorType.General, "The provider returned no resolution.", null);
        }

        if (resolution.ErrorType != ErrorType.None)
        {
            return Failure(flagKey, defaultValue, resolution.ErrorType, resolution.ErrorMessage, resolution.FlagMetadata);
        }

        var cached = resolution.EvaluationDetails;
        if (cached is not null && string.Equals(cached.FlagKey, flagKey, StringComparison.Ordinal))
        {
            return cached;
        }

        var details = new FlagEvaluationDetails<T>(flagKey, resolution.Value, ErrorType.None, resolution.Reason,
            resolution.Variant, resolution.ErrorMessage, resolution.FlagMetadata ?? EmptyMetadata);
        resolution.EvaluationDetails = details;
        return details;
    }

    public static FlagEvaluationDetails<T> FromException<T>(string flagKey, T defaultValue, Exception exception) =>
        exception is FeatureProviderException providerError
            ? Failure(flagKey, defaultValue, providerError.ErrorType, providerError.Message, null)
            : Failure(flagKey, defaultValue, ErrorType.General, exception.Message, null);

    public static FlagEvaluationDetails<T> Failure<T>(string flagKey, T defaultValue, ErrorType errorType, string? message,
        ImmutableMetadata? flagMetadata) =>
        new(flagKey, defaultValue, errorType, Reason.Error, null, message, flagMetadata ?? EmptyMetadata);

    /// <summary>The error of a provider that cannot evaluate (1.7.7, 1.7.8), or null when it can.</summary>
    public static FeatureProviderException? StatusError(ProviderStatus status) => status switch
    {
        ProviderStatus.NotReady => new ProviderNotReadyException(NotReadyMessage),
        ProviderStatus.Fatal => new ProviderFatalException(FatalMessage),
        _ => null,
    };

    /// <summary>The exception handed to error hooks for an error code the provider returned.</summary>
    public static FeatureProviderException ToException<T>(FlagEvaluationDetails<T> details) =>
        new(details.ErrorType, details.ErrorMessage);
}
