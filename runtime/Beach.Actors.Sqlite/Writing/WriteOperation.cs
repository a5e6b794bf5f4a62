namespace Beach.Actors.Sqlite.Writing;

/// <summary>
/// One write waiting for the group-commit writer. The writer runs <see cref="Execute"/> inside the batch's
/// transaction and, only after the transaction committed (or rolled back), publishes the outcome to the caller.
/// </summary>
internal abstract class WriteOperation
{
    /// <summary>Whether the operation ran and was refused on its own (a stale ETag or stream version).</summary>
    public abstract bool IsRejected { get; }

    /// <summary>Whether the caller gave up before the writer reached the operation, which then did nothing.</summary>
    public abstract bool IsSkipped { get; }

    /// <summary>
    /// Runs the operation's statements. An expected refusal is recorded, not thrown, so that batch neighbours still
    /// commit; an exception means the batch cannot commit.
    /// </summary>
    public abstract void Execute(WriteBatch batch);

    /// <summary>Completes the caller's task with the recorded outcome once the batch is durable.</summary>
    public abstract void PublishCommitted();

    /// <summary>Fails the caller's task: the batch was rolled back, or the writer stopped before running it.</summary>
    public abstract void PublishFailed(Exception error);
}
