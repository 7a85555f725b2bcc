using System.ComponentModel;

namespace OpenFeature.Constant;

/// <summary>The error codes of the OpenFeature specification, reported by providers and by the SDK.</summary>
public enum ErrorType
{
    /// <summary>No error.</summary>
    [Description("NONE")] None,

    /// <summary>The provider has not been initialized yet.</summary>
    [Description("PROVIDER_NOT_READY")] ProviderNotReady,

    /// <summary>The flag could not be found.</summary>
    [Description("FLAG_NOT_FOUND")] FlagNotFound,

    /// <summary>The flag value could not be parsed.</summary>
    [Description("PARSE_ERROR")] ParseError,

    /// <summary>The flag's value does not have the requested type.</summary>
    [Description("TYPE_MISMATCH")] TypeMismatch,

    /// <summary>Any error not covered by another code.</summary>
    [Description("GENERAL")] General,

    /// <summary>The evaluation context is not valid for the flag.</summary>
    [Description("INVALID_CONTEXT")] InvalidContext,

    /// <summary>The provider needs a targeting key the evaluation context does not have.</summary>
    [Description("TARGETING_KEY_MISSING")] TargetingKeyMissing,

    /// <summary>The provider is in an irrecoverable error state.</summary>
    [Description("PROVIDER_FATAL")] ProviderFatal,
}
