using System.Globalization;
using Beach.Actors.Audit;
using Beach.Actors.Persistence;
using Beach.Actors.Sqlite.Writing;

namespace Beach.Actors.Sqlite.Audit;

/// <summary>
/// Appends one audit entry at the next version of its stream. A stream not at the entry's expected version refuses
/// this entry alone with <see cref="InconsistentStateException"/>.
/// </summary>
internal sealed class AuditAppend(AuditEntry entry, CancellationToken cancellationToken)
    : WriteOperation<AuditRecord>(cancellationToken)
{
    private const int SeqColumn = 0;
    private const int StreamVersionColumn = 1;

    protected override AuditRecord Apply(WriteBatch batch)
    {
        var append = batch.Command(AuditLogSql.Append);
        var at = AuditTimestamp.ToStored(entry.At);
        append.Parameters[AuditLogSql.Tenant].Value = entry.Tenant;
        append.Parameters[AuditLogSql.Stream].Value = entry.Stream;
        append.Parameters[AuditLogSql.Kind].Value = entry.Kind;
        append.Parameters[AuditLogSql.Actor].Value = (object?)entry.Actor ?? DBNull.Value;
        append.Parameters[AuditLogSql.Data].Value = entry.Data;
        append.Parameters[AuditLogSql.At].Value = at;
        append.Parameters[AuditLogSql.ExpectedVersion].Value = entry.ExpectedVersion.HasValue ? entry.ExpectedVersion.Value : DBNull.Value;

        using (var appended = append.ExecuteReader())
        {
            if (appended.Read())
            {
                return new AuditRecord(
                    appended.GetInt64(SeqColumn),
                    entry.Tenant,
                    entry.Stream,
                    appended.GetInt64(StreamVersionColumn),
                    entry.Kind,
                    entry.Actor,
                    entry.Data,
                    AuditTimestamp.FromStored(at));
            }
        }

        var head = batch.Command(AuditLogSql.Head);
        head.Parameters[AuditLogSql.Tenant].Value = entry.Tenant;
        head.Parameters[AuditLogSql.Stream].Value = entry.Stream;
        var stored = Format((long)head.ExecuteScalar()!);
        var expected = Format(entry.ExpectedVersion.GetValueOrDefault());
        return Reject(new InconsistentStateException(
            $"Cannot append '{entry.Kind}' to audit stream {entry.Tenant}/{entry.Stream}: expected version {expected}, stream is at version {stored}.",
            stored,
            expected));
    }

    private static string Format(long version) => version.ToString(CultureInfo.InvariantCulture);
}
