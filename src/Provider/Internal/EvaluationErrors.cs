using Microsoft.FeatureManagement;
using OpenFeature.Constant;

namespace OpenFeatureAppConfig.Provider.Internal;

/// <summary>Maps what went wrong during an evaluation to OpenFeature's error type and a message naming the flag.</summary>
internal static class EvaluationErrors
{
    private static readonly HashSet<string> DefinitionReaders = new(StringComparer.Ordinal)
    {
        "Microsoft.FeatureManagement",
        "Microsoft.Extensions.Configuration.Binder",
    };

    public static (ErrorType ErrorType, string Message) Classify(string flagKey, Exception exception, CancellationToken cancellationToken)
    {
        switch (exception)
        {
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                return (ErrorType.General, exception.Message);
            case InvalidEvaluationContextException:
                return (ErrorType.InvalidContext, $"Flag '{flagKey}': {exception.Message}");
            case FeatureManagementException { Error: FeatureManagementError.MissingFeature }:
                return (ErrorType.FlagNotFound, $"Flag '{flagKey}' was not found.");
            case FeatureManagementException { Error: FeatureManagementError.InvalidConfigurationSetting }:
                return (ErrorType.ParseError, $"The definition of flag '{flagKey}' is malformed: {exception.Message}");
            case FeatureManagementException:
                return (ErrorType.General, $"Flag '{flagKey}' could not be evaluated: {exception.Message}");
            case InvalidOperationException or FormatException or ArgumentException
                when DefinitionReaders.Contains(exception.TargetSite?.DeclaringType?.Assembly.GetName().Name ?? string.Empty):
                // Filter parameters are bound when the flag is evaluated: a value of the wrong shape shows up here.
                return (ErrorType.ParseError, $"The definition of flag '{flagKey}' is malformed: {exception.Message}");
            default:
                return (ErrorType.General, $"Flag '{flagKey}' could not be evaluated: {exception.GetType().Name}: {exception.Message}");
        }
    }
}

/// <summary>The evaluation context cannot be translated into a targeting context.</summary>
internal sealed class InvalidEvaluationContextException(string message) : Exception(message);
