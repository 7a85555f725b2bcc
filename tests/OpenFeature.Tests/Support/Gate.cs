namespace OpenFeature.Tests.Support;

/// <summary>A latch a test opens to let a blocked provider call (initialization, resolution) finish.</summary>
internal sealed class Gate
{
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once some caller is waiting on the gate.</summary>
    public Task Entered => _entered.Task;

    public Task WaitAsync(CancellationToken cancellationToken = default)
    {
        _entered.TrySetResult();
        return _opened.Task.WaitAsync(cancellationToken);
    }

    public void Open() => _opened.TrySetResult();
}
