using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OpenFeatureAppConfig.Hosting.Internal;

/// <summary>
/// The App Configuration source is created while the application is being built, before its logging exists. Its
/// loggers forward to the application's <see cref="ILoggerFactory"/> once the host attaches it, so refresh failures
/// reach the application's logs; messages before that (the first load) are dropped.
/// </summary>
internal sealed class DeferredLoggerFactory : ILoggerFactory
{
    private volatile ILoggerFactory? _target;

    public void Attach(ILoggerFactory target) => _target ??= target;

    public ILogger CreateLogger(string categoryName) => new ForwardingLogger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) =>
        throw new NotSupportedException("Add logging providers to the application's logging instead.");

    public void Dispose()
    {
        // The application's factory belongs to the application.
    }

    private sealed class ForwardingLogger(DeferredLoggerFactory owner, string categoryName) : ILogger
    {
        private ILogger? _logger;

        // Cached only once the application's factory is there; until then messages go nowhere.
        private ILogger Target => _logger ?? (owner._target is { } target ? _logger = target.CreateLogger(categoryName) : NullLogger.Instance);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => Target.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => Target.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Target.Log(logLevel, eventId, state, exception, formatter);
    }
}
