using Beach.Actors.Invocation;
using Beach.Actors.Sqlite.Writing;

namespace Beach.Actors.Sqlite.Tests;

/// <summary>
/// A write that holds the writer's thread until released, so a test can fill the queue or gather writes into the next
/// batch deterministically.
/// </summary>
internal sealed class BlockingWrite() : WriteOperation<VoidResult>(CancellationToken.None), IDisposable
{
    // Bounds the block so that a failing test cannot hang the writer forever.
    private static readonly TimeSpan MaxBlock = TimeSpan.FromSeconds(30);

    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ManualResetEventSlim _release = new();

    /// <summary>Completes once the writer runs this write.</summary>
    public Task Entered => _entered.Task;

    public void Release() => _release.Set();

    public void Dispose() => _release.Dispose();

    protected override VoidResult Apply(WriteBatch batch)
    {
        _entered.TrySetResult();
        _release.Wait(MaxBlock);
        return default;
    }
}
