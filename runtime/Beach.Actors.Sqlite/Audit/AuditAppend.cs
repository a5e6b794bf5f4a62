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
        append.Bind(AuditLogSql.Seq, seq);
        append.Bind(AuditLogSql.Tenant, entry.Tenant);
        append.Bind(AuditLogSql.Stream, entry.Stream);
        append.Bind(AuditLogSql.StreamVersion, version + 1);
        append.Bind(AuditLogSql.Kind, entry.Kind);
        append.Bind(AuditLogSql.Actor, entry.Actor);
        append.Bind(AuditLogSql.Data, entry.Data);
        append.Bind(AuditLogSql.At, stored);
        Span<byte> hashBytes = stackalloc byte[AuditChain.HASH_BYTES];
        append.BindBlob(AuditLogSql.PrevHash, Hex(prevHash, hashBytes));
        append.BindBlob(AuditLogSql.Hash, Hex(hash, hashBytes));
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

    /// <summary>A hash of the chain (64 hex digits) as its 32 bytes, in <paramref name="into"/>.</summary>
    private static ReadOnlySpan<byte> Hex(string hash, Span<byte> into)
    {
        if (Convert.FromHexString(hash, into, out _, out var written) != System.Buffers.OperationStatus.Done || written != into.Length)
        {
            throw new FormatException($"'{hash}' is not a chain hash of {into.Length * 2} hex digits.");
        }

        return into;
    }

    private static string Format(long version) => version.ToString(CultureInfo.InvariantCulture);
}
