using OpenFeature.Constant;
using OpenFeature.Model;

namespace OpenFeatureAppConfig.Hosting.Ofrep;

/// <summary>
/// One flag's answer in OFREP terms: a value (or none, deferring to the caller's code default), reason, variant
/// and metadata; or an OpenFeature error.
/// </summary>
internal sealed record OfrepEvaluation(
    string Key,
    Value? Value,
    string? Reason,
    string? Variant,
    ImmutableMetadata? Metadata,
    ErrorType ErrorType,
    string? ErrorDetails)
{
    public bool IsSuccess => ErrorType == ErrorType.None;

    /// <summary>The provider cannot answer at all (not ready or fatal), as opposed to this one flag failing.</summary>
    public bool IsProviderUnavailable => ErrorType is ErrorType.ProviderNotReady or ErrorType.ProviderFatal;

    public static OfrepEvaluation NotFound(string key) =>
        new(key, null, null, null, null, ErrorType.FlagNotFound, $"Flag '{key}' was not found.");
}
