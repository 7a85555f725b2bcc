using System.Text;
using Microsoft.Extensions.Logging;
using OpenFeature.Model;

namespace OpenFeature.Hooks;

/// <summary>
/// Logs each flag evaluation: the before and after stages at debug level, errors at error level; with the
/// evaluation context's attributes when asked.
/// </summary>
public sealed class LoggingHook : Hook
{
    private readonly ILogger _logger;
    private readonly bool _includeContext;

    /// <summary>Creates the hook.</summary>
    /// <param name="logger">Where to log.</param>
    /// <param name="includeContext">Whether to log the evaluation context's attributes (they may be personal data).</param>
    public LoggingHook(ILogger logger, bool includeContext = false)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
        _includeContext = includeContext;
    }

    /// <inheritdoc />
    public override ValueTask<EvaluationContext> BeforeAsync<T>(HookContext<T> context,
        IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default)
    {
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            _logger.LogDebug("Before flag evaluation {Evaluation}", Describe(context, "before", null, null));
        }

        return new(EvaluationContext.Empty);
    }

    /// <inheritdoc />
    public override ValueTask AfterAsync<T>(HookContext<T> context, FlagEvaluationDetails<T> details,
        IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default)
    {
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            _logger.LogDebug("After flag evaluation {Evaluation}", Describe(context, "after", details, null));
        }

        return default;
    }

    /// <inheritdoc />
    public override ValueTask ErrorAsync<T>(HookContext<T> context, Exception error,
        IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default)
    {
        if (_logger.IsEnabled(LogLevel.Error))
        {
            _logger.LogError(error, "Error during flag evaluation {Evaluation}", Describe(context, "error", null, error));
        }

        return default;
    }

    private string Describe<T>(HookContext<T> context, string stage, FlagEvaluationDetails<T>? details, Exception? error)
    {
        var text = new StringBuilder();
        text.Append("Stage:").Append(stage)
            .Append(" Domain:").Append(context.ClientMetadata.Name)
            .Append(" ProviderName:").Append(context.ProviderMetadata.Name)
            .Append(" FlagKey:").Append(context.FlagKey)
            .Append(" DefaultValue:").Append(context.DefaultValue);
        if (details is not null)
        {
            text.Append(" Value:").Append(details.Value)
                .Append(" Reason:").Append(details.Reason)
                .Append(" Variant:").Append(details.Variant);
        }

        if (error is not null)
        {
            text.Append(" ErrorMessage:").Append(error.Message);
        }

        if (_includeContext)
        {
            text.Append(" Context:{");
            var first = true;
            foreach (var (key, value) in context.EvaluationContext)
            {
                text.Append(first ? string.Empty : ", ").Append(key).Append('=').Append(value);
                first = false;
            }

            text.Append('}');
        }

        return text.ToString();
    }
}
