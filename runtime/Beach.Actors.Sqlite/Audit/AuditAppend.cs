using System.Globalization;
using Beach.Actors.Audit;
using Beach.Actors.Persistence;
using Beach.Actors.Sqlite.Writing;

namespace Beach.Actors.Sqlite.Audit;

/// <summary>
/// Appends one audit entry at the next version of its stream. The writer is the database's only writer and runs this
/// inside its transaction, so the head it reads cannot move before the insert. A stream not at the entry's expected
/// version refuses this entry alone with <see cref="InconsistentStateException"/>.
/// </summary>
internal sealed class AuditAppend(AuditEntry entry, CancellationToken cancellationToken)
    : WriteOperation<AuditRecord>(cancellationToken)
{
    protected override AuditRecord Apply(WriteBatch batch)
    {
        var head = batch.Command(AuditLogSql.Head);
        head.Parameters[AuditLogSql.Tenant].Value = entry.Tenant;
        head.Parameters[AuditLogSql.Stream].Value = entry.Stream;
        var version = (long)head.ExecuteScalar()!;
        if (entry.ExpectedVersion is { } expected && expected != version)
        {
            return Reject(new InconsistentStateException(
                $"Cannot append '{entry.Kind}' to audit stream {entry.Tenant}/{entry.Stream}: expected version {Format(expected)}, stream is at version {Format(version)}.",
                Format(version),
                Format(expected)));
        }

        var append = batch.Command(AuditLogSql.Append);
        var at = AuditTimestamp.ToStored(entry.At);
        append.Parameters[AuditLogSql.Tenant].Value = entry.Tenant;
        append.Parameters[AuditLogSql.Stream].Value = entry.Stream;
        append.Parameters[AuditLogSql.StreamVersion].Value = version + 1;
        append.Parameters[AuditLogSql.Kind].Value = entry.Kind;
        append.Parameters[AuditLogSql.Actor].Value = (object?)entry.Actor ?? DBNull.Value;
        append.Parameters[AuditLogSql.Data].Value = entry.Data;
        append.Parameters[AuditLogSql.At].Value = at;
        var seq = (long)append.ExecuteScalar()!;
        return new AuditRecord(seq, entry.Tenant, entry.Stream, version + 1, entry.Kind, entry.Actor, entry.Data, AuditTimestamp.FromStored(at));
    }

    private static string Format(long version) => version.ToString(CultureInfo.InvariantCulture);
}
