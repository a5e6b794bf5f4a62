using System.Globalization;
using Beach.Actors.Audit;
using Beach.Actors.Persistence;
using Beach.Actors.Sqlite.Writing;

namespace Beach.Actors.Sqlite.Audit;

/// <summary>
/// Appends one audit entry at the next version of its stream and the next link of its tenant's hash chain. The writer
/// is the database's only writer and runs this inside its transaction, so the heads it reads cannot move before the
/// insert, and appends of one batch chain in the order the writer runs them, which is seq order. A stream not at the
/// entry's expected version refuses this entry alone with <see cref="InconsistentStateException"/>. The heads come from
/// <see cref="AuditHeads"/> when the writer remembers them, and from one read otherwise.
/// </summary>
internal sealed class AuditAppend(AuditEntry entry, CancellationToken cancellationToken)
    : WriteOperation<AuditRecord>(cancellationToken)
{
    private const int VersionColumn = 0;
    private const int ChainHeadColumn = 1;
    private const int NextSeqColumn = 2;

    protected override AuditRecord Apply(WriteBatch batch)
    {
        var heads = batch.Memory<AuditHeads>();
        if (!heads.TryGet(entry.Tenant, entry.Stream, out var version, out var prevHash, out var seq))
        {
            (version, prevHash, seq) = ReadHeads(batch);
            heads.Set(entry.Tenant, entry.Stream, version, prevHash, seq);
        }

        if (entry.ExpectedVersion is { } expected && expected != version)
        {
            return Reject(new InconsistentStateException(
                $"Cannot append '{entry.Kind}' to audit stream {entry.Tenant}/{entry.Stream}: expected version {Format(expected)}, stream is at version {Format(version)}.",
                Format(version),
                Format(expected)));
        }

        var stored = AuditTimestamp.ToStored(entry.At);
        var at = AuditTimestamp.FromStored(stored);
        var hash = AuditChain.ComputeHash(entry.Tenant, seq, entry.Stream, version + 1, entry.Kind, entry.Actor, entry.Data, at, prevHash);
        var append = batch.Prepared(AuditLogSql.Append);
        append.Bind(AuditLogSql.AppendSeq, seq);
        append.Bind(AuditLogSql.AppendTenant, entry.Tenant);
        append.Bind(AuditLogSql.AppendStream, entry.Stream);
        append.Bind(AuditLogSql.AppendStreamVersion, version + 1);
        append.Bind(AuditLogSql.AppendKind, entry.Kind);
        append.Bind(AuditLogSql.AppendActor, entry.Actor);
        append.Bind(AuditLogSql.AppendData, entry.Data);
        append.Bind(AuditLogSql.AppendAt, stored);
        Span<byte> hashBytes = stackalloc byte[AuditChain.HASH_BYTES];
        append.BindBlob(AuditLogSql.AppendPrevHash, Hex(prevHash, hashBytes));
        append.BindBlob(AuditLogSql.AppendHash, Hex(hash, hashBytes));
        append.ExecuteNonQuery();
        heads.Set(entry.Tenant, entry.Stream, version + 1, hash, seq + 1);
        return new AuditRecord(seq, entry.Tenant, entry.Stream, version + 1, entry.Kind, entry.Actor, entry.Data, at, prevHash, hash);
    }

    private (long Version, string ChainHead, long NextSeq) ReadHeads(WriteBatch batch)
    {
        var head = batch.Command(AuditLogSql.Head);
        head.Parameters[AuditLogSql.Tenant].Value = entry.Tenant;
        head.Parameters[AuditLogSql.Stream].Value = entry.Stream;
        using var reader = head.ExecuteReader();
        reader.Read();
        return (
            reader.GetInt64(VersionColumn),
            reader.IsDBNull(ChainHeadColumn) ? AuditChain.GENESIS_HASH : Convert.ToHexStringLower(reader.GetFieldValue<byte[]>(ChainHeadColumn)),
            reader.GetInt64(NextSeqColumn));
    }

    /// <summary>A hash the chain produced (64 hex digits) as its bytes, in <paramref name="into"/>.</summary>
    private static ReadOnlySpan<byte> Hex(string hash, Span<byte> into)
    {
        Convert.FromHexString(hash, into, out _, out var written);
        return into[..written];
    }

    private static string Format(long version) => version.ToString(CultureInfo.InvariantCulture);
}
