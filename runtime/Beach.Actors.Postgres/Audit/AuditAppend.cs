using Beach.Actors.Audit;
using Beach.Actors.Cluster;
using Beach.Actors.Persistence;

namespace Beach.Actors.Postgres.Audit;

/// <summary>
/// One append waiting for the group-commit writer. The writer decides its outcome inside the batch's transaction and
/// publishes it only after that transaction committed (or failed).
/// </summary>
/// <param name="entry">What to append.</param>
/// <param name="origin">The silo whose grain decided the append, when another silo sent it here; null for this one.</param>
/// <param name="cancellationToken">The caller's: an append still queued when it fires is skipped.</param>
internal sealed class AuditAppend(AuditEntry entry, SiloAddress? origin, CancellationToken cancellationToken)
{
    // Continuations run on the thread pool, never on the writer's loop, so a slow caller cannot stall commits.
    private readonly TaskCompletionSource<AuditRecord> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AuditEntry Entry { get; } = entry;

    /// <summary>The silo the append is fenced on: the one that sent it, or null for the writer's own.</summary>
    public SiloAddress? Origin { get; } = origin;

    /// <summary>The time as stored: to the millisecond, in UTC, as the SQLite log keeps it.</summary>
    public DateTimeOffset At { get; } = DateTimeOffset.FromUnixTimeMilliseconds(entry.At.ToUnixTimeMilliseconds());

    public Task<AuditRecord> Completion => _completion.Task;

    /// <summary>Whether the caller gave up before the writer reached the append, which then did nothing.</summary>
    public bool IsSkipped { get; private set; }

    /// <summary>Why the append was refused on its own (a stale expected version, a fenced silo), or null.</summary>
    public Exception? Rejection { get; private set; }

    public AuditRecord? Record { get; private set; }

    /// <summary>Resets the outcome for a new attempt and says whether the caller still wants the append.</summary>
    public bool Begin()
    {
        IsSkipped = cancellationToken.IsCancellationRequested;
        Rejection = null;
        Record = null;
        return !IsSkipped;
    }

    public void Reject(Exception rejection) => Rejection = rejection;

    /// <summary>Takes the place the batch's transaction gave the append: its seq, stream version and chain link.</summary>
    public void Accept(long seq, long streamVersion, string prevHash, string hash)
        => Record = new AuditRecord(seq, Entry.Tenant, Entry.Stream, streamVersion, Entry.Kind, Entry.Actor, Entry.Data, At, prevHash, hash);

    public void PublishCommitted()
    {
        if (IsSkipped)
        {
            _completion.TrySetCanceled(cancellationToken);
        }
        else if (Rejection is not null)
        {
            _completion.TrySetException(Rejection);
        }
        else
        {
            _completion.TrySetResult(Record!);
        }
    }

    public void PublishFailed(Exception error) => _completion.TrySetException(error);
}
