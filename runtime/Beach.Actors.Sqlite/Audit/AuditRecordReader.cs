using Beach.Actors.Audit;
using Microsoft.Data.Sqlite;

namespace Beach.Actors.Sqlite.Audit;

/// <summary>Reads one row of <see cref="AuditLogSql.RecordColumns"/> into a record.</summary>
internal static class AuditRecordReader
{
    private const int SeqColumn = 0;
    private const int StreamColumn = 1;
    private const int StreamVersionColumn = 2;
    private const int KindColumn = 3;
    private const int ActorColumn = 4;
    private const int DataColumn = 5;
    private const int AtColumn = 6;
    private const int PrevHashColumn = 7;
    private const int HashColumn = 8;

    public static AuditRecord Read(SqliteDataReader reader, string tenant) => new(
        reader.GetInt64(SeqColumn),
        tenant,
        reader.GetString(StreamColumn),
        reader.GetInt64(StreamVersionColumn),
        reader.GetString(KindColumn),
        reader.IsDBNull(ActorColumn) ? null : reader.GetString(ActorColumn),
        reader.GetString(DataColumn),
        AuditTimestamp.FromStored(reader.GetInt64(AtColumn)),
        Hex(reader, PrevHashColumn),
        Hex(reader, HashColumn));

    // A row the chain does not cover (only before AuditChainBackfill ran) reads with an empty hash, which no
    // verification accepts.
    private static string Hex(SqliteDataReader reader, int column)
        => reader.IsDBNull(column) ? string.Empty : Convert.ToHexStringLower(reader.GetFieldValue<byte[]>(column));
}
