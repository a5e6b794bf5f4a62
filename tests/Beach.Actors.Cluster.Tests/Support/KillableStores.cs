using Beach.Actors.Audit;
using Beach.Actors.Cluster;
using Beach.Actors.Persistence;

namespace Beach.Actors.Cluster.Tests.Support;

/// <summary>A silo's view of the shared audit log, cut when the silo is killed.</summary>
internal sealed class KillableAuditLog(IAuditLog inner, KillSwitch killSwitch) : IAuditLog
{
    public ValueTask<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        killSwitch.ThrowIfKilled();
        return inner.AppendAsync(entry, cancellationToken);
    }

    public Task<IReadOnlyList<AuditRecord>> ReadStreamAsync(string tenant, string stream, long afterSeq, int limit, CancellationToken cancellationToken = default)
    {
        killSwitch.ThrowIfKilled();
        return inner.ReadStreamAsync(tenant, stream, afterSeq, limit, cancellationToken);
    }

    public Task<AuditRecord?> ReadLastAsync(string tenant, string stream, CancellationToken cancellationToken = default)
    {
        killSwitch.ThrowIfKilled();
        return inner.ReadLastAsync(tenant, stream, cancellationToken);
    }

    public Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        killSwitch.ThrowIfKilled();
        return inner.QueryAsync(query, cancellationToken);
    }
}

/// <summary>A silo's view of the shared grain storage, cut when the silo is killed.</summary>
internal sealed class KillableGrainStorage(IGrainStorage inner, KillSwitch killSwitch) : IGrainStorage
{
    public Task<StoredState?> ReadAsync(GrainId grainId, string stateName, CancellationToken cancellationToken)
    {
        killSwitch.ThrowIfKilled();
        return inner.ReadAsync(grainId, stateName, cancellationToken);
    }

    public Task<string> WriteAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> payload, string? expectedEtag, CancellationToken cancellationToken)
    {
        killSwitch.ThrowIfKilled();
        return inner.WriteAsync(grainId, stateName, payload, expectedEtag, cancellationToken);
    }

    public Task ClearAsync(GrainId grainId, string stateName, string? expectedEtag, CancellationToken cancellationToken)
    {
        killSwitch.ThrowIfKilled();
        return inner.ClearAsync(grainId, stateName, expectedEtag, cancellationToken);
    }
}

/// <summary>A silo's view of the shared membership table, cut when the silo is killed: a dead silo writes nothing more.</summary>
internal sealed class KillableMembershipTable(IMembershipTable inner, KillSwitch killSwitch) : IMembershipTable
{
    public Task InitializeAsync(CancellationToken cancellationToken)
    {
        killSwitch.ThrowIfKilled();
        return inner.InitializeAsync(cancellationToken);
    }

    public Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken)
    {
        killSwitch.ThrowIfKilled();
        return inner.ReadAllAsync(cancellationToken);
    }

    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion next, CancellationToken cancellationToken)
    {
        killSwitch.ThrowIfKilled();
        return inner.InsertRowAsync(entry, next, cancellationToken);
    }

    public Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion next, CancellationToken cancellationToken)
    {
        killSwitch.ThrowIfKilled();
        return inner.UpdateRowAsync(entry, etag, next, cancellationToken);
    }

    public Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset at, CancellationToken cancellationToken)
    {
        killSwitch.ThrowIfKilled();
        return inner.UpdateIAmAliveAsync(silo, at, cancellationToken);
    }

    public Task CleanupDefunctEntriesAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        killSwitch.ThrowIfKilled();
        return inner.CleanupDefunctEntriesAsync(before, cancellationToken);
    }
}
