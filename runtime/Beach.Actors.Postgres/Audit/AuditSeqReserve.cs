using Beach.Actors.Postgres.Sql;
using Npgsql;

namespace Beach.Actors.Postgres.Audit;

/// <summary>
/// Seqs drawn from the audit log's sequence ahead of use, so that a writer can chain a batch before sending it (a
/// record's hash covers its seq). Drawn <see cref="BLOCK"/> at a time in one statement. Seqs drawn and never used are
/// gaps, which the log allows. Seqs are used in the order drawn and only above the head they chain from, so a tenant's
/// seqs rise along its chain, as the verifier checks.
/// </summary>
internal sealed class AuditSeqReserve
{
    /// <summary>How many seqs one draw takes at least.</summary>
    public const int BLOCK = 256;

    private readonly Queue<long> _seqs = new();

    public int Count => _seqs.Count;

    /// <summary>
    /// Makes sure <paramref name="needed"/> seqs above <paramref name="above"/> are at hand (the highest head the batch
    /// chains from: seqs at or below it could never follow it), drawing on <paramref name="connection"/> when not.
    /// </summary>
    public void Ensure(NpgsqlConnection connection, int needed, long above)
    {
        while (_seqs.Count > 0 && _seqs.Peek() <= above)
        {
            _seqs.Dequeue();
        }

        if (_seqs.Count >= needed)
        {
            return;
        }

        using var command = new NpgsqlCommand(AuditLogSql.ReserveSeqs, connection);
        command.Parameters.Add(Positional.Value(Math.Max(BLOCK, needed - _seqs.Count)));
        var drawn = (long[])command.ExecuteScalar()!;
        Array.Sort(drawn);
        foreach (var seq in drawn)
        {
            _seqs.Enqueue(seq);
        }
    }

    public long Take() => _seqs.Dequeue();
}
