namespace Beach.Actors.Sqlite.Writing;

/// <summary>A write whose caller awaits a result of type <typeparamref name="T"/>.</summary>
internal abstract class WriteOperation<T>(CancellationToken cancellationToken) : WriteOperation
{
    // Continuations run on the thread pool, never on the writer's thread, so a slow caller cannot stall commits.
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;
    private Exception? _rejection;
    private bool _skipped;

    /// <summary>Completes after the write is durable, with its result or its refusal.</summary>
    public Task<T> Completion => _completion.Task;

    public override bool IsRejected => _rejection is not null;

    public override bool IsSkipped => _skipped;

    public sealed override void Execute(WriteBatch batch)
    {
        _rejection = null;
        _skipped = cancellationToken.IsCancellationRequested;
        if (!_skipped)
        {
            _result = Apply(batch);
        }
    }

    public sealed override void PublishCommitted()
    {
        if (_skipped)
        {
            _completion.TrySetCanceled(cancellationToken);
        }
        else if (_rejection is not null)
        {
            _completion.TrySetException(_rejection);
        }
        else
        {
            _completion.TrySetResult(_result!);
        }
    }

    public sealed override void PublishFailed(Exception error) => _completion.TrySetException(error);

    /// <summary>Runs the statements and returns the result, or returns <see cref="Reject"/>'s value.</summary>
    protected abstract T Apply(WriteBatch batch);

    /// <summary>Records an expected refusal that fails this operation alone; returns a placeholder result.</summary>
    protected T Reject(Exception rejection)
    {
        _rejection = rejection;
        return default!;
    }
}
