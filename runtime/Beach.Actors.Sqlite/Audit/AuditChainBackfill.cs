using Beach.Actors.Audit;
using Microsoft.Data.Sqlite;

namespace Beach.Actors.Sqlite.Audit;

/// <summary>
/// Chains the audit rows written before the hash chain existed (migration 5): in seq order per tenant, each from the
/// tenant's newest chained row before it, or from the genesis hash. Runs when the database is opened, before the
/// writer starts, in one IMMEDIATE transaction; with nothing to chain it is one seek in an empty partial index, and
/// running it again changes nothing, so it is safe on every open.
/// </summary>
internal static class AuditChainBackfill
{
    /// <summary>Rows read per round, so a large old log is chained without holding it all in memory.</summary>
    private const int CHUNK_ROWS = 1_024;

    private const int SeqColumn = 0;
    private const int TenantColumn = 1;
    private const int StreamColumn = 2;
    private const int StreamVersionColumn = 3;
    private const int KindColumn = 4;
    private const int ActorColumn = 5;
    private const int DataColumn = 6;
    private const int AtColumn = 7;

    /// <summary>Chains every unchained row and returns how many there were.</summary>
    public static long Run(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        using var unchained = Command(connection, transaction, AuditLogSql.Unchained);
        using var before = Command(connection, transaction, AuditLogSql.ChainedBefore);
        using var update = Command(connection, transaction, AuditLogSql.SetHashes);
        unchained.Parameters.AddWithValue("@limit", CHUNK_ROWS);
        var heads = new Dictionary<string, string>(StringComparer.Ordinal);
        long chained = 0;
        while (true)
        {
            var rows = ReadChunk(unchained);
            if (rows.Count == 0)
            {
                break;
            }

            foreach (var row in rows)
            {
                if (!heads.TryGetValue(row.Tenant, out var prevHash))
                {
                    before.Parameters.Clear();
                    before.Parameters.AddWithValue(AuditLogSql.Tenant, row.Tenant);
                    before.Parameters.AddWithValue(AuditLogSql.Seq, row.Seq);
                    prevHash = before.ExecuteScalar() is byte[] hash ? Convert.ToHexStringLower(hash) : AuditChain.GENESIS_HASH;
                }

                var chainedHash = AuditChain.ComputeHash(row with { PrevHash = prevHash });
                update.Parameters.Clear();
                update.Parameters.AddWithValue(AuditLogSql.PrevHash, Convert.FromHexString(prevHash));
                update.Parameters.AddWithValue(AuditLogSql.Hash, Convert.FromHexString(chainedHash));
                update.Parameters.AddWithValue(AuditLogSql.Seq, row.Seq);
                update.ExecuteNonQuery();
                heads[row.Tenant] = chainedHash;
                chained++;
            }
        }

        transaction.Commit();
        return chained;
    }

    private static List<AuditRecord> ReadChunk(SqliteCommand unchained)
    {
        var rows = new List<AuditRecord>(CHUNK_ROWS);
        using var reader = unchained.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new AuditRecord(
                reader.GetInt64(SeqColumn),
                reader.GetString(TenantColumn),
                reader.GetString(StreamColumn),
                reader.GetInt64(StreamVersionColumn),
                reader.GetString(KindColumn),
                reader.IsDBNull(ActorColumn) ? null : reader.GetString(ActorColumn),
                reader.GetString(DataColumn),
                AuditTimestamp.FromStored(reader.GetInt64(AtColumn)),
                AuditChain.GENESIS_HASH,
                string.Empty));
        }

        return rows;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
