using Beach.Actors.Cluster;
using Beach.Actors.Runtime.Catalog;
using Beach.Actors.Runtime.Cluster;
using Microsoft.Extensions.Logging;

namespace Beach.Actors.Runtime.GrainDirectory;

/// <summary>
/// The cluster's grain directory as one silo takes part in it: the partition of the ring this silo owns, a cache of
/// what it learned about the rest, and the moves that keep them right when membership changes. Registration is
/// first-wins at the partition owner, so every id has one activation in steady state; when a silo dies, each silo
/// re-registers its own activations whose partition died with it, and a duplicate created in the failure window
/// loses and deactivates.
/// </summary>
internal sealed partial class DistributedGrainDirectory : IActivationDirectory
{
    private readonly ClusterViewSource _views;
    private readonly IRemoteDirectory _remote;
    private readonly ActivationCatalog _catalog;
    private readonly ILogger _logger;
    private readonly DepartedSilos _departed = new();
    private readonly Lock _handOffLock = new();
    private Task _handOffs = Task.CompletedTask;

    public DistributedGrainDirectory(
        ClusterViewSource views, IRemoteDirectory remote, ActivationCatalog catalog, ILogger<DistributedGrainDirectory> logger, int cacheCapacity = DirectoryCache.DEFAULT_CAPACITY)
    {
        _views = views;
        _remote = remote;
        _catalog = catalog;
        _logger = logger;
        Cache = new DirectoryCache(cacheCapacity);
        _views.Changed += OnViewChanged;
    }

    /// <summary>The entries this silo owns.</summary>
    public GrainDirectoryPartition Partition { get; } = new();

    /// <summary>What this silo remembers of other partitions.</summary>
    public DirectoryCache Cache { get; }

    private ClusterView View => _views.Current;

    /// <summary>The grain's activation, from the cache or its partition owner; null when it has none.</summary>
    public async ValueTask<ActivationAddress?> LookupAsync(GrainId grain)
    {
        var view = View;
        if (Cache.TryGet(grain, out var cached))
        {
            if (view.IsActive(cached.Silo))
            {
                return cached;
            }

            Cache.Invalidate(cached);
        }

        var owner = view.Ring.OwnerOf(grain);
        var found = owner == view.Self ? Partition.Lookup(grain) : await _remote.LookupAsync(owner, grain, view.Version).ConfigureAwait(false);
        if (found is { } address && view.IsActive(address.Silo))
        {
            Cache.Put(address);
            return address;
        }

        return null;
    }

    /// <summary>Drops what the cache says of <paramref name="grain"/>: a call found it wrong.</summary>
    public void Invalidate(GrainId grain)
    {
        if (Cache.TryGet(grain, out var cached))
        {
            Cache.Invalidate(cached);
        }
    }

    /// <summary>
    /// A registration sent to this silo as the partition owner by a silo whose view had <paramref name="senderVersion"/>.
    /// First wins; an entry on a gone silo, or an older activation of the registering silo, does not count. When this
    /// silo knows a newer view in which another silo owns the grain, it has handed the entry over, so the registration
    /// goes on to that owner (see <see cref="NewerOwner"/>).
    /// </summary>
    public Task<ActivationAddress> RegisterHereAsync(ActivationAddress address, long senderVersion)
    {
        var view = View;
        return NewerOwner(view, address.Grain, senderVersion) is { } owner
            ? PassOnAsync(() => _remote.RegisterAsync(owner, address, view.Version))
            : Task.FromResult(RegisterLocally(address));
    }

    /// <summary>Ends an entry sent here by a silo whose view had <paramref name="senderVersion"/>; see <see cref="RegisterHereAsync"/>.</summary>
    public Task UnregisterHereAsync(ActivationAddress address, long senderVersion)
    {
        var view = View;
        if (NewerOwner(view, address.Grain, senderVersion) is { } owner)
        {
            return PassOnAsync(() => _remote.UnregisterAsync(owner, address, view.Version));
        }

        Partition.Unregister(address);
        return Task.CompletedTask;
    }

    /// <summary>A lookup sent here by a silo whose view had <paramref name="senderVersion"/>; see <see cref="RegisterHereAsync"/>.</summary>
    public Task<ActivationAddress?> LookupHereAsync(GrainId grain, long senderVersion)
    {
        var view = View;
        return NewerOwner(view, grain, senderVersion) is { } owner
            ? PassOnAsync(() => _remote.LookupAsync(owner, grain, view.Version))
            : Task.FromResult(Partition.Lookup(grain));
    }

    /// <summary>
    /// Takes the entries a silo hands over because this silo now owns them. Only silos this silo has seen leave are
    /// filtered out: the sender may know the cluster's newest view before this silo does (it learned of this silo's
    /// join first), so a silo missing from this silo's view is not yet a dead one. Lookups check liveness anyway.
    /// An entry that finds another activation of its grain registered here since (a silo that routed by the newer
    /// view found nothing here yet) loses, and its activation is told to go.
    /// </summary>
    public void AcceptHandOff(IReadOnlyList<ActivationAddress> entries)
    {
        foreach (var loser in Partition.Merge(entries.Where(entry => !_departed.Contains(entry.Silo))))
        {
            _ = DeactivateDuplicateAsync(loser);
        }
    }

    /// <summary>Deactivates this silo's activation at <paramref name="address"/>, if it is still there: another one won.</summary>
    public void DeactivateDuplicateHere(ActivationAddress address)
    {
        if (_catalog.TryGet(address.Grain, out var activation) && activation.ActivationId == address.ActivationId)
        {
            activation.Deactivate(DeactivationReason.DuplicateActivation);
        }
    }

    /// <summary>
    /// Completes when every handoff started so far has been delivered (or has failed and been logged). A leaving silo
    /// waits for this before it tells the others to look at the new view, so the new owners hold the entries before
    /// anyone asks them.
    /// </summary>
    public Task HandOffsDelivered
    {
        get
        {
            lock (_handOffLock)
            {
                return _handOffs;
            }
        }
    }

    /// <summary>
    /// The owner to pass a directory call on to: a silo other than this one that owns <paramref name="grain"/> in this
    /// silo's view, when that view is at least as new as the sender's. A sender with an older view still sends here
    /// after this silo has handed its entries to their next owner (this silo is leaving, or a silo joined); answering
    /// from here would let a second activation register beside the one the new owner holds. A sender with a newer view
    /// knows better (this silo owns the grain there and has not heard yet), so the call is answered here. Each pass
    /// goes to a view at least as new, and views of one version agree on the owner, so a call is never passed back.
    /// </summary>
    private static SiloAddress? NewerOwner(ClusterView view, GrainId grain, long senderVersion)
    {
        if (view.Version < senderVersion || view.Ring.IsEmpty)
        {
            return null;
        }

        var owner = view.Ring.OwnerOf(grain);
        return owner == view.Self ? null : owner;
    }

    /// <summary>
    /// Passes a directory call on to the next owner once the handoffs this silo has started are delivered: until then
    /// the next owner may not hold the entry yet, and would answer that the grain has no activation.
    /// </summary>
    private async Task<T> PassOnAsync<T>(Func<Task<T>> call)
    {
        await HandOffsDelivered.ConfigureAwait(false);
        return await call().ConfigureAwait(false);
    }

    /// <inheritdoc cref="PassOnAsync{T}"/>
    private async Task PassOnAsync(Func<Task> call)
    {
        await HandOffsDelivered.ConfigureAwait(false);
        await call().ConfigureAwait(false);
    }

    /// <summary>First wins; an entry on a gone silo, or an older activation of the registering silo, does not count.</summary>
    private ActivationAddress RegisterLocally(ActivationAddress address)
        => Partition.Register(address, existing => !View.IsActive(existing.Silo) || (existing.Silo == address.Silo && existing.ActivationId != address.ActivationId));

    async ValueTask<SiloAddress?> IActivationDirectory.RegisterAsync(GrainId grain, long activationId)
    {
        if (SystemTargets.IsSystem(grain))
        {
            return null;
        }

        var view = View;
        var address = new ActivationAddress(grain, view.Self, activationId);
        var winner = await RegisterAsync(view, address).ConfigureAwait(false);
        Cache.Put(winner);
        return winner == address ? null : winner.Silo;
    }

    async ValueTask IActivationDirectory.UnregisterAsync(GrainId grain, long activationId)
    {
        if (SystemTargets.IsSystem(grain))
        {
            return;
        }

        var view = View;
        var address = new ActivationAddress(grain, view.Self, activationId);
        Cache.Invalidate(address);
        if (view.Ring.IsEmpty)
        {
            return;
        }

        var owner = view.Ring.OwnerOf(grain);
        if (owner == view.Self)
        {
            Partition.Unregister(address);
        }
        else
        {
            await _remote.UnregisterAsync(owner, address, view.Version).ConfigureAwait(false);
        }
    }

    private Task<ActivationAddress> RegisterAsync(ClusterView view, ActivationAddress address)
    {
        var owner = view.Ring.OwnerOf(address.Grain);
        return owner == view.Self ? Task.FromResult(RegisterLocally(address)) : _remote.RegisterAsync(owner, address, view.Version);
    }

    private void OnViewChanged(ClusterView previous, ClusterView current)
    {
        var departed = current.DepartedSince(previous).ToList();
        foreach (var silo in departed)
        {
            _departed.Add(silo);
            Cache.RemoveSilo(silo);
            Partition.RemoveSilo(silo);
        }

        var handOff = HandOffAsync(current);
        lock (_handOffLock)
        {
            _handOffs = _handOffs.IsCompleted ? handOff : Task.WhenAll(_handOffs, handOff);
        }

        if (departed.Count > 0)
        {
            _ = ReRegisterOrphansAsync(previous, current, departed);
        }
    }

    /// <summary>Gives the entries this silo no longer owns to their new owners (a silo joined).</summary>
    private async Task HandOffAsync(ClusterView view)
    {
        if (view.Ring.IsEmpty)
        {
            return;
        }

        foreach (var group in Partition.SplitOff(view.Ring, view.Self).GroupBy(entry => view.Ring.OwnerOf(entry.Grain)))
        {
            try
            {
                await _remote.HandOffAsync(group.Key, group.ToList()).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                // The entries are lost from the directory; their activations re-register on their next activation.
                LogHandOffFailed(group.Count(), group.Key, exception);
            }
        }
    }

    /// <summary>
    /// Registers again, with their new owners, this silo's activations whose directory entries died with a silo; an
    /// activation that finds another one registered in the meantime is a duplicate and deactivates.
    /// </summary>
    private async Task ReRegisterOrphansAsync(ClusterView previous, ClusterView current, List<SiloAddress> departed)
    {
        if (current.Ring.IsEmpty)
        {
            return;
        }

        foreach (var activation in _catalog.Activations)
        {
            if (!departed.Contains(previous.Ring.OwnerOf(activation.GrainId)))
            {
                continue;
            }

            var address = new ActivationAddress(activation.GrainId, current.Self, activation.ActivationId);
            try
            {
                var winner = await RegisterAsync(current, address).ConfigureAwait(false);
                if (winner != address)
                {
                    activation.Deactivate(DeactivationReason.DuplicateActivation);
                }
            }
            catch (Exception exception)
            {
                LogReRegisterFailed(activation.GrainId, exception);
            }
        }
    }

    private async Task DeactivateDuplicateAsync(ActivationAddress loser)
    {
        var view = View;
        try
        {
            if (loser.Silo == view.Self)
            {
                DeactivateDuplicateHere(loser);
            }
            else
            {
                await _remote.DeactivateDuplicateAsync(loser.Silo, loser).ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            LogDeactivateDuplicateFailed(loser.Grain, loser.Silo, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telling {Silo} that its activation of {Grain} lost to another one failed; it stays until it is collected or its next write fails.")]
    private partial void LogDeactivateDuplicateFailed(GrainId grain, SiloAddress silo, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handing {Count} directory entries to {Silo} failed; those grains re-register when next activated.")]
    private partial void LogHandOffFailed(int count, SiloAddress silo, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-registering {Grain} after its directory owner died failed; it re-registers when next activated.")]
    private partial void LogReRegisterFailed(GrainId grain, Exception exception);
}
