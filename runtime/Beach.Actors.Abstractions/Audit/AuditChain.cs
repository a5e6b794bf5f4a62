using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Beach.Actors.Audit;

/// <summary>
/// The audit log's hash chain: every tenant's records form one chain in <see cref="AuditRecord.Seq"/> order, each
/// record's <see cref="AuditRecord.PrevHash"/> being the <see cref="AuditRecord.Hash"/> of the tenant's record before
/// it, and the first one chaining from <see cref="GENESIS_HASH"/>. The SQLite writer computes hashes here and clients
/// verify them here. PostgreSQL computes them in SQL: its writer chains inside <c>beach_audit_append</c>, and old rows
/// are chained by <c>beach_audit_chain_backfill</c>. Its tests verify every chain it writes with this class.
/// </summary>
/// <remarks>
/// <para>
/// <c>hash = SHA-256(field₁ ‖ field₂ ‖ …)</c> over, in this order: the domain tag <see cref="DOMAIN_TAG"/>, tenant,
/// seq, stream, stream_version, kind, actor, data, at, prev_hash. A text field is its UTF-8 byte count as a 4-byte
/// big-endian unsigned integer followed by those bytes; a null text (only actor may be null) is the count
/// <c>0xFFFFFFFF</c> and no bytes. seq and stream_version are 8-byte big-endian signed integers; at is its unix time in
/// milliseconds (UTC) as an 8-byte big-endian signed integer; prev_hash is its 32 raw bytes. data is the JSON text
/// exactly as stored, not re-serialized.
/// </para>
/// <para>
/// The length prefixes make the encoding injective: no two different records encode to the same bytes, so a changed
/// field cannot be hidden by moving bytes between neighbours.
/// </para>
/// </remarks>
public static class AuditChain
{
    /// <summary>The first bytes hashed for every record, which version the encoding.</summary>
    public const string DOMAIN_TAG = "beach.audit.v1";

    /// <summary>The <see cref="AuditRecord.PrevHash"/> of a tenant's first record: 32 zero bytes, in hex.</summary>
    public const string GENESIS_HASH = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>The length of a hash in bytes.</summary>
    public const int HASH_BYTES = 32;

    private const uint NULL_TEXT = uint.MaxValue;

    /// <summary>The hash <paramref name="record"/> must carry, computed from its fields and its <see cref="AuditRecord.PrevHash"/>.</summary>
    public static string ComputeHash(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return ComputeHash(record.Tenant, record.Seq, record.Stream, record.StreamVersion, record.Kind, record.Actor, record.Data, record.At, record.PrevHash);
    }

    /// <summary>The hash of a record with these fields that follows a record whose hash is <paramref name="prevHash"/>.</summary>
    /// <exception cref="FormatException"><paramref name="prevHash"/> is not 64 hex digits.</exception>
    public static string ComputeHash(
        string tenant, long seq, string stream, long streamVersion, string kind, string? actor, string data, DateTimeOffset at, string prevHash)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(prevHash);
        Span<byte> prev = stackalloc byte[HASH_BYTES];
        if (prevHash.Length != HASH_BYTES * 2
            || Convert.FromHexString(prevHash, prev, out _, out var written) != OperationStatus.Done
            || written != HASH_BYTES)
        {
            throw new FormatException($"A previous hash is {HASH_BYTES} bytes ({HASH_BYTES * 2} hex digits), not '{prevHash}'.");
        }

        var length = TextLength(DOMAIN_TAG) + TextLength(tenant) + sizeof(long) + TextLength(stream) + sizeof(long)
            + TextLength(kind) + TextLength(actor) + TextLength(data) + sizeof(long) + HASH_BYTES;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var offset = 0;
            var buffer = rented.AsSpan(0, length);
            WriteText(buffer, ref offset, DOMAIN_TAG);
            WriteText(buffer, ref offset, tenant);
            WriteInt64(buffer, ref offset, seq);
            WriteText(buffer, ref offset, stream);
            WriteInt64(buffer, ref offset, streamVersion);
            WriteText(buffer, ref offset, kind);
            WriteText(buffer, ref offset, actor);
            WriteText(buffer, ref offset, data);
            WriteInt64(buffer, ref offset, at.ToUnixTimeMilliseconds());
            prev.CopyTo(buffer[offset..]);
            Span<byte> hash = stackalloc byte[HASH_BYTES];
            SHA256.HashData(buffer, hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static int TextLength(string? text) => sizeof(uint) + (text is null ? 0 : Encoding.UTF8.GetByteCount(text));

    private static void WriteText(Span<byte> buffer, ref int offset, string? text)
    {
        if (text is null)
        {
            BinaryPrimitives.WriteUInt32BigEndian(buffer[offset..], NULL_TEXT);
            offset += sizeof(uint);
            return;
        }

        var length = Encoding.UTF8.GetBytes(text, buffer[(offset + sizeof(uint))..]);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[offset..], (uint)length);
        offset += sizeof(uint) + length;
    }

    private static void WriteInt64(Span<byte> buffer, ref int offset, long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(buffer[offset..], value);
        offset += sizeof(long);
    }
}
