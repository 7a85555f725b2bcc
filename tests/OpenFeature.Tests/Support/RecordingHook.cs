using System.Collections.Concurrent;
using OpenFeature.Model;

namespace OpenFeature.Tests.Support;

/// <summary>
/// A hook that writes "name.stage" to a shared log for every stage it runs, and can be told to fail in a stage
/// or to return an evaluation context from its before stage.
/// </summary>
internal sealed class RecordingHook : Hook
{
    private readonly string _name;
    private readonly ConcurrentQueue<string> _log;

    public RecordingHook(string name, ConcurrentQueue<string> log)
    {
        _name = name;
        _log = log;
    }

    public EvaluationContext? BeforeResult { get; set; }

    public string? ThrowIn { get; set; }

    public ConcurrentQueue<object> HookContexts { get; } = new();

    public ConcurrentQueue<(string Stage, IReadOnlyDictionary<string, object>? Hints)> Hints { get; } = new();

    public ConcurrentQueue<Exception> Errors { get; } = new();

    public ConcurrentQueue<object> AfterDetails { get; } = new();

    public ConcurrentQueue<object> FinallyDetails { get; } = new();

    public override ValueTask<EvaluationContext> BeforeAsync<T>(HookContext<T> context, IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default)
    {
        Record("before", context, hints);
        return new ValueTask<EvaluationContext>(BeforeResult ?? EvaluationContext.Empty);
    }

    public override ValueTask AfterAsync<T>(HookContext<T> context, FlagEvaluationDetails<T> details, IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default)
    {
        AfterDetails.Enqueue(details);
        Record("after", context, hints);
        return ValueTask.CompletedTask;
    }

    public override ValueTask ErrorAsync<T>(HookContext<T> context, Exception error, IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default)
    {
        Errors.Enqueue(error);
        Record("error", context, hints);
        return ValueTask.CompletedTask;
    }

    public override ValueTask FinallyAsync<T>(HookContext<T> context, FlagEvaluationDetails<T> evaluationDetails, IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default)
    {
        FinallyDetails.Enqueue(evaluationDetails);
        Record("finally", context, hints);
        return ValueTask.CompletedTask;
    }

    private void Record<T>(string stage, HookContext<T> context, IReadOnlyDictionary<string, object>? hints)
    {
        _log.Enqueue($"{_name}.{stage}");
        HookContexts.Enqueue(context);
        Hints.Enqueue((stage, hints));
        if (ThrowIn == stage)
        {
            throw new InvalidOperationException($"{_name} fails in {stage}");
        }
    }
}
