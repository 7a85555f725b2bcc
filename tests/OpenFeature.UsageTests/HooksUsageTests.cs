using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using OpenFeature.Hooks;
using OpenFeature.Model;

namespace OpenFeature.UsageTests;

/// <summary>README: "Hooks", "Logging" and "Develop a hook".</summary>
public class HooksUsageTests : SingletonResetFixture
{
    [Test]
    public async Task Hooks_GlobalClientAndInvocationHooksAllRun()
    {
        var log = new ConcurrentQueue<string>();
        await Api.Instance.SetProviderAsync(new ReadmeStyleProvider());
        var context = EvaluationContext.Builder().Set("user", "u-1").Build();

        // Global hook, client hook, and a hook for one evaluation.
        Api.Instance.AddHooks(new ExampleHook("global", log));
        var client = Api.Instance.GetClient();
        client.AddHooks(new ExampleHook("client", log));
        var value = await client.GetBooleanValueAsync("boolFlag", false, context, new FlagEvaluationOptions(new ExampleHook("invocation", log)));

        Assert.That(value, Is.True);
        Assert.That(log.Where(e => e.EndsWith(":before")), Is.EqualTo(new[] { "global:before", "client:before", "invocation:before" }));
        Assert.That(log.Where(e => e.EndsWith(":finally")), Is.EqualTo(new[] { "invocation:finally", "client:finally", "global:finally" }));
    }

    [Test]
    public async Task Logging_LoggingHookWritesThroughTheGivenLogger()
    {
        var sink = new ListLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(sink).SetMinimumLevel(LogLevel.Trace));
        await Api.Instance.SetProviderAsync(new ReadmeStyleProvider());

        var logger = loggerFactory.CreateLogger("Program");
        var client = Api.Instance.GetClient();
        client.AddHooks(new LoggingHook(logger));
        await client.GetBooleanValueAsync("logged-flag", false);

        Assert.That(sink.Messages, Has.Some.Contains("logged-flag"));
    }

    /// <summary>A hook shaped like the README's "Develop a hook" sample.</summary>
    private sealed class ExampleHook : Hook
    {
        private readonly string _name;
        private readonly ConcurrentQueue<string> _log;

        public ExampleHook(string name, ConcurrentQueue<string> log)
        {
            _name = name;
            _log = log;
        }

        public override ValueTask<EvaluationContext> BeforeAsync<T>(HookContext<T> context, IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default)
        {
            _log.Enqueue($"{_name}:before");
            return new ValueTask<EvaluationContext>(EvaluationContext.Empty);
        }

        public override ValueTask AfterAsync<T>(HookContext<T> context, FlagEvaluationDetails<T> details, IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default)
        {
            _log.Enqueue($"{_name}:after");
            return ValueTask.CompletedTask;
        }

        public override ValueTask ErrorAsync<T>(HookContext<T> context, Exception error, IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default)
        {
            _log.Enqueue($"{_name}:error");
            return ValueTask.CompletedTask;
        }

        public override ValueTask FinallyAsync<T>(HookContext<T> context, FlagEvaluationDetails<T> evaluationDetails, IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default)
        {
            _log.Enqueue($"{_name}:finally");
            return ValueTask.CompletedTask;
        }
    }
}
