namespace Beach.Actors.Audit;

/// <summary>
/// Walks one tenant's records in seq order and finds the first that does not fit the hash chain: its seq does not
/// rise, its prev_hash does not link to the previous record's hash, its fields do not hash to its hash, or its stream
/// version leaves a gap. Feed it every record of the tenant from the first (for example every page of
/// <c>GET /audit</c> without filters), or from a known record by passing that record's hash and seq.
/// </summary>
/// <remarks>
/// It keeps the last version of each stream it has seen, one small entry per stream, to tell gaps within a stream.
/// What it cannot tell from the records alone is a log cut short at its end; compare <see cref="HeadHash"/> with a
/// head kept elsewhere for that.
/// </remarks>
public sealed class AuditChainVerifier
{
    private readonly string _tenant;
    private readonly Dictionary<string, long> _streamVersions = new(StringComparer.Ordinal);
    private readonly bool _fromGenesis;
    private long _lastSeq;

    /// <summary>A verifier for <paramref name="tenant"/>'s chain from its first record.</summary>
    public AuditChainVerifier(string tenant)
        : this(tenant, AuditChain.GENESIS_HASH, afterSeq: 0)
    {
        _fromGenesis = true;
    }

    /// <summary>
    /// A verifier that starts after a record already trusted: <paramref name="afterHash"/> is its hash and
    /// <paramref name="afterSeq"/> its seq. Stream versions are then checked only from each stream's first record seen.
    /// </summary>
    public AuditChainVerifier(string tenant, string afterHash, long afterSeq)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(afterHash);
        _tenant = tenant;
        HeadHash = afterHash;
        _lastSeq = afterSeq;
    }

    /// <summary>How many records were checked.</summary>
    public long RecordsChecked { get; private set; }

    /// <summary>The hash of the last record that fit the chain.</summary>
    public string HeadHash { get; private set; }

    /// <summary>The first record that did not fit, or null while all did.</summary>
    public AuditChainBreak? FirstBreak { get; private set; }

    /// <summary>
    /// Checks the next record and returns the first break found so far (this record's, or an earlier one's: once
    /// broken, later records are not checked).
    /// </summary>
    public AuditChainBreak? Check(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (FirstBreak is not null)
        {
            return FirstBreak;
        }

        RecordsChecked++;
        FirstBreak = Find(record);
        if (FirstBreak is null)
        {
            HeadHash = record.Hash;
            _lastSeq = record.Seq;
            _streamVersions[record.Stream] = record.StreamVersion;
        }

        return FirstBreak;
    }

    /// <summary>The outcome so far.</summary>
    public AuditChainVerification Result() => new(_tenant, RecordsChecked, HeadHash, FirstBreak);

    /// <summary>Checks every record of <paramref name="records"/> (in the order given) and stops at the first break.</summary>
    public static async Task<AuditChainVerification> VerifyAsync(string tenant, IAsyncEnumerable<AuditRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var verifier = new AuditChainVerifier(tenant);
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (verifier.Check(record) is not null)
            {
                break;
            }
        }

        return verifier.Result();
    }

    /// <summary>Checks every record of <paramref name="records"/> (in the order given) and stops at the first break.</summary>
    public static AuditChainVerification Verify(string tenant, IEnumerable<AuditRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var verifier = new AuditChainVerifier(tenant);
        foreach (var record in records)
        {
            if (verifier.Check(record) is not null)
            {
                break;
            }
        }

        return verifier.Result();
    }

    private AuditChainBreak? Find(AuditRecord record)
    {
        if (!string.Equals(record.Tenant, _tenant, StringComparison.Ordinal))
        {
            return Break(record, AuditChainBreakReason.WrongTenant, _tenant, record.Tenant);
        }

        if (record.Seq <= _lastSeq)
        {
            return Break(record, AuditChainBreakReason.OutOfOrder, Text(_lastSeq), Text(record.Seq));
        }

        if (!string.Equals(record.PrevHash, HeadHash, StringComparison.OrdinalIgnoreCase))
        {
            return Break(record, AuditChainBreakReason.BrokenLink, HeadHash, record.PrevHash);
        }

        var expectedHash = AuditChain.ComputeHash(record);
        if (!string.Equals(record.Hash, expectedHash, StringComparison.OrdinalIgnoreCase))
        {
            return Break(record, AuditChainBreakReason.HashMismatch, expectedHash, record.Hash);
        }

        long? expectedVersion = _streamVersions.TryGetValue(record.Stream, out var last) ? last + 1 : _fromGenesis ? 1 : null;
        return expectedVersion is { } version && record.StreamVersion != version
            ? Break(record, AuditChainBreakReason.StreamVersionGap, Text(version), Text(record.StreamVersion))
            : null;
    }

    private static AuditChainBreak Break(AuditRecord record, AuditChainBreakReason reason, string expected, string actual)
        => new(record.Seq, record.Stream, record.StreamVersion, reason, expected, actual);

    private static string Text(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
