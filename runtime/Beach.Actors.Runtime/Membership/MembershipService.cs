using System.Globalization;
using Beach.Actors.Cluster;
using Beach.Actors.Runtime.Cluster;
using Microsoft.Extensions.Logging;

namespace Beach.Actors.Runtime.Membership;

/// <summary>
/// One silo's part in cluster membership over the shared <see cref="IMembershipTable"/>. It joins (Joining, then
/// Active, declaring older incarnations on its endpoint dead), writes its I-am-alive, reads the table and publishes
/// every changed view to the silo's <see cref="ClusterViewSource"/>, probes every other active silo and votes on those
/// that miss their probes, declares dead the silos whose I-am-alive went silent, deletes long-dead rows, and leaves
/// gracefully (ShuttingDown, then Dead). A silo that reads itself dead stops all of this and raises its declared-dead
/// callback; the host then stops the process. Timings: <see cref="MembershipOptions"/>.
/// </summary>
/// <remarks>
/// Probing is all-to-all, which suits the few silos we run (n × (n − 1) pings per period); a ring of K successors would
/// bound the probes of a large cluster. Every table write is a compare-and-swap on the version just read: on a
/// conflict the service reads again and decides again, and after every write it reads again.
/// </remarks>
internal sealed class MembershipService : Cluster.IClusterViewRefresher
{
    private readonly Lock _lock = new();
    private readonly LocalSiloDetails _local;
    private readonly IMembershipTable _table;
    private readonly ISiloProber _prober;
    private readonly ClusterViewSource _views;
    private readonly MembershipOptions _options;
    private readonly TimeProvider _time;
    private readonly MembershipLog _log;
    private readonly Action<string> _declaredDead;
    private readonly Dictionary<SiloAddress, int> _missedProbes = [];
    private readonly MembershipTimer[] _loops;
    private MembershipTableData? _latest;
    private DateTimeOffset _lastIAmAlive;
    private State _state;

    /// <param name="local">This silo and what its row says about it.</param>
    /// <param name="table">The cluster's membership table.</param>
    /// <param name="prober">How this silo pings the others.</param>
    /// <param name="views">Where this silo's views are published; the directory, the router and the reminders read it.</param>
    /// <param name="options">The timings; validated here.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">Where transitions are logged.</param>
    /// <param name="declaredDead">
    /// Called once, with the reason, when this silo reads itself dead; membership has stopped by then. The host stops
    /// the process (<c>IHostApplicationLifetime.StopApplication</c>). It runs on a membership loop: it must not block.
    /// </param>
    public MembershipService(
        LocalSiloDetails local,
        IMembershipTable table,
        ISiloProber prober,
        ClusterViewSource views,
        MembershipOptions options,
        TimeProvider time,
        ILogger<MembershipService> logger,
        Action<string> declaredDead)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _local = local;
        _table = table;
        _prober = prober;
        _views = views;
        _options = options;
        _time = time;
        _log = new MembershipLog(logger);
        _declaredDead = declaredDead;
        _loops =
        [
            Loop("probing", options.ProbePeriod, ProbeOthersAsync),
            Loop("I-am-alive", options.IAmAlivePeriod, WriteIAmAliveAsync),
            Loop("refresh", options.TableRefreshPeriod, RefreshAsync),
            Loop("cleanup", options.DefunctCleanupPeriod, CleanupAsync),
        ];
    }

    private enum State
    {
        Created,
        Joining,
        Active,
        Leaving,
        Stopped,
    }

    /// <summary>This silo.</summary>
    public SiloAddress Self => _local.Address;

    /// <summary>Whether the loops run: from Active until the silo left, was stopped or read itself dead.</summary>
    public bool IsRunning => Is(State.Active) || Is(State.Leaving);

    /// <summary>Whether a loop is in the middle of a run (tests wait for this to settle after moving the clock).</summary>
    internal bool IsBusy => _loops.Any(loop => loop.IsBusy);

    /// <summary>Joins: declares older incarnations on this endpoint dead, writes this silo Joining, then Active, and starts the loops.</summary>
    /// <exception cref="InvalidOperationException">Already started, or a newer incarnation of this endpoint is in the table, or this silo was declared dead while joining.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_state != State.Created)
            {
                throw new InvalidOperationException($"Membership of {Self} was already started.");
            }

            _state = State.Joining;
        }

        await _table.InitializeAsync(cancellationToken).ConfigureAwait(false);
        while (await ChangeAsync(DeclarePredecessorDead, cancellationToken).ConfigureAwait(false))
        {
        }

        var now = _time.GetUtcNow();
        lock (_lock)
        {
            _lastIAmAlive = now;
        }

        await ChangeAsync(table => InsertJoining(table, now), cancellationToken).ConfigureAwait(false);
        await ChangeAsync(BecomeActive, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            if (_state != State.Joining)
            {
                return;
            }

            _state = State.Active;
        }

        foreach (var loop in _loops)
        {
            loop.Start();
        }
    }

    /// <summary>Writes this silo ShuttingDown: other silos drop it from their views while the host hands its grains off.</summary>
    public async Task BeginLeaveAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_state is State.Leaving or State.Stopped)
            {
                return;
            }

            if (_state != State.Active)
            {
                throw new InvalidOperationException($"Silo {Self} has not joined.");
            }

            _state = State.Leaving;
        }

        await ChangeAsync(table => WriteOwnStatus(table, SiloStatus.ShuttingDown, () => _log.ShuttingDown(Self)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Leaves: ShuttingDown (unless <see cref="BeginLeaveAsync"/> did it), then Dead, then stops the loops.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        if (Is(State.Stopped))
        {
            return;
        }

        await BeginLeaveAsync(cancellationToken).ConfigureAwait(false);
        await ChangeAsync(table => WriteOwnStatus(table, SiloStatus.Dead, () => _log.Left(Self)), cancellationToken).ConfigureAwait(false);
        await StopAsync().ConfigureAwait(false);
    }

    /// <summary>Reads the table now, as another silo that joined or is leaving asks (see <see cref="Cluster.ClusterAnnouncer"/>).</summary>
    public async Task RefreshViewAsync(CancellationToken cancellationToken)
    {
        if (IsRunning)
        {
            await ReadAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the loops without writing anything (the process is going away, or this silo was declared dead).</summary>
    public async Task StopAsync()
    {
        lock (_lock)
        {
            _state = State.Stopped;
        }

        await Task.WhenAll(_loops.Select(loop => loop.StopAsync())).ConfigureAwait(false);
    }

    private MembershipTimer Loop(string name, TimeSpan period, Func<CancellationToken, Task> work) =>
        new(_time, period, work, exception => _log.LoopFailed(name, Self, exception));

    private bool Is(State state)
    {
        lock (_lock)
        {
            return _state == state;
        }
    }

    private async Task<MembershipTableData> ReadAsync(CancellationToken cancellationToken)
    {
        var table = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        Observe(table);
        return table;
    }

    /// <summary>Keeps the newest read, publishes its view when the version moved, and stops if it says this silo is dead.</summary>
    private void Observe(MembershipTableData table)
    {
        lock (_lock)
        {
            if (_latest is null || table.Version.Version >= _latest.Version.Version)
            {
                _latest = table;
            }
        }

        if (table.Version.Version > _views.Current.Version)
        {
            var view = new ClusterView(Self, table.Rows.Where(row => row.Entry.Status == SiloStatus.Active).Select(row => row.Entry.Silo), table.Version.Version);
            _views.Publish(view);
            if (ReferenceEquals(_views.Current, view))
            {
                _log.ViewChanged(Self, view.Version, view.Active.Length);
            }
        }

        var own = table.Find(Self);
        if (own is null)
        {
            OnReadSelfDead("its membership row is gone");
        }
        else if (own.Entry.Status == SiloStatus.Dead)
        {
            OnReadSelfDead(string.Create(CultureInfo.InvariantCulture, $"its membership row says Dead at version {table.Version.Version}"));
        }
    }

    private void OnReadSelfDead(string reason)
    {
        lock (_lock)
        {
            // Only a running member reacts: a joining silo has no row yet, and a leaving one wrote Dead itself.
            if (_state != State.Active)
            {
                return;
            }

            _state = State.Stopped;
        }

        foreach (var loop in _loops)
        {
            // Not awaited: this runs inside one of them.
            _ = loop.StopAsync();
        }

        var message = $"silo {Self} was declared dead: {reason}";
        _log.ReadSelfDead(Self, message);
        try
        {
            _declaredDead(message);
        }
        catch (Exception exception)
        {
            _log.DeclaredDeadCallbackFailed(Self, exception);
        }
    }

    /// <summary>
    /// Reads the table, lets <paramref name="decide"/> choose one write from what it read, and writes it against the
    /// version (and row ETag) read; on a conflict reads and decides again. Returns whether something was written.
    /// </summary>
    private async Task<bool> ChangeAsync(Func<MembershipTableData, RowChange?> decide, CancellationToken cancellationToken)
    {
        while (true)
        {
            var table = await ReadAsync(cancellationToken).ConfigureAwait(false);
            if (Is(State.Stopped) || decide(table) is not { } change)
            {
                return false;
            }

            var next = table.Version.Next();
            var written = change.ETag is null
                ? await _table.InsertRowAsync(change.Entry, next, cancellationToken).ConfigureAwait(false)
                : await _table.UpdateRowAsync(change.Entry, change.ETag, next, cancellationToken).ConfigureAwait(false);
            if (written)
            {
                change.Written();
                await ReadAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
        }
    }

    private RowChange? DeclarePredecessorDead(MembershipTableData table)
    {
        foreach (var row in table.Rows)
        {
            var silo = row.Entry.Silo;
            if (silo.SameEndpoint(Self) && silo.Generation < Self.Generation && row.Entry.Status != SiloStatus.Dead)
            {
                return new RowChange(row.Entry with { Status = SiloStatus.Dead }, row.ETag, () => _log.DeclaredPredecessorDead(Self, silo));
            }
        }

        return null;
    }

    private RowChange? InsertJoining(MembershipTableData table, DateTimeOffset now)
    {
        foreach (var row in table.Rows)
        {
            if (row.Entry.Silo.SameEndpoint(Self) && row.Entry.Silo.Generation > Self.Generation && row.Entry.Status != SiloStatus.Dead)
            {
                throw new InvalidOperationException($"A newer incarnation of this endpoint, {row.Entry.Silo}, is in the cluster; {Self} must not join.");
            }
        }

        if (table.Find(Self) is { } own)
        {
            return own.Entry.Status == SiloStatus.Dead
                ? throw new InvalidOperationException($"Silo {Self} was declared dead while joining.")
                : null;
        }

        var entry = new MembershipEntry(Self, SiloStatus.Joining, _local.Name, _local.GatewayPort, now, now, []);
        return new RowChange(entry, null, () => _log.Joined(Self));
    }

    private RowChange? BecomeActive(MembershipTableData table)
    {
        var own = table.Find(Self) ?? throw new InvalidOperationException($"The membership row of {Self} vanished while joining.");
        return own.Entry.Status switch
        {
            SiloStatus.Joining => new RowChange(own.Entry with { Status = SiloStatus.Active }, own.ETag, () => _log.BecameActive(Self)),
            SiloStatus.Active => null,
            _ => throw new InvalidOperationException($"Silo {Self} was declared {own.Entry.Status} while joining."),
        };
    }

    private RowChange? WriteOwnStatus(MembershipTableData table, SiloStatus status, Action written)
    {
        var own = table.Find(Self);
        return own is null || own.Entry.Status >= status ? null : new RowChange(own.Entry with { Status = status }, own.ETag, written);
    }

    private async Task ProbeOthersAsync(CancellationToken cancellationToken)
    {
        MembershipTableData? table;
        lock (_lock)
        {
            table = _latest;
        }

        if (table is null || !Is(State.Active) || table.Find(Self)?.Entry.Status != SiloStatus.Active)
        {
            return;
        }

        var targets = table.Rows
            .Where(row => row.Entry.Status == SiloStatus.Active && row.Entry.Silo != Self)
            .Select(row => row.Entry.Silo)
            .ToList();
        foreach (var gone in _missedProbes.Keys.Except(targets).ToList())
        {
            _missedProbes.Remove(gone);
        }

        var failures = await Task.WhenAll(targets.Select(target => ProbeAsync(target, cancellationToken))).ConfigureAwait(false);

        // When no other silo answers, the likelier story is that this one is cut off: it counts the misses but casts
        // no vote, so that a partitioned silo's votes cannot join a false suspicion and kill a healthy silo.
        var reachedNone = targets.Count > 1 && failures.All(failure => failure is not null);
        for (var i = 0; i < targets.Count; i++)
        {
            var target = targets[i];
            if (failures[i] is not { } failure)
            {
                _missedProbes.Remove(target);
                continue;
            }

            var missed = _missedProbes[target] = _missedProbes.GetValueOrDefault(target) + 1;
            _log.ProbeMissed(Self, target, missed, failure);
            if (missed >= _options.MissedProbesLimit && !reachedNone)
            {
                await ChangeAsync(read => Vote(read, target, missed), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Null when <paramref name="target"/> answered in time, else what went wrong.</summary>
    private async Task<Exception?> ProbeAsync(SiloAddress target, CancellationToken cancellationToken)
    {
        try
        {
            await _prober.ProbeAsync(target, _options.ProbeTimeout, cancellationToken)
                .WaitAsync(_options.ProbeTimeout, _time, cancellationToken)
                .ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            // Whatever the failure (timeout, refused connection, error reply), the target did not answer: a missed probe.
            return exception;
        }
    }

    private RowChange? Vote(MembershipTableData table, SiloAddress suspect, int missed)
    {
        if (SuspicionVoting.Decide(table, Self, suspect, _time.GetUtcNow(), _options) is not { } vote)
        {
            return null;
        }

        return new RowChange(vote.Updated, vote.Row.ETag, vote.DeclaresDead
            ? () => _log.DeclaredDead(Self, suspect, vote.Votes, vote.Needed)
            : () => _log.Suspected(Self, suspect, missed, vote.Votes, vote.Needed));
    }

    private async Task WriteIAmAliveAsync(CancellationToken cancellationToken)
    {
        if (!IsRunning)
        {
            return;
        }

        var now = _time.GetUtcNow();
        await _table.UpdateIAmAliveAsync(Self, now, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            _lastIAmAlive = now;
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var table = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var age = _options.IAmAliveDeathAge;
        if (!Is(State.Active) || age == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        var now = _time.GetUtcNow();
        lock (_lock)
        {
            // A silo whose own I-am-alive writes fail may be the one cut off from the table: it judges nobody's silence.
            if (now - _lastIAmAlive >= age)
            {
                return;
            }
        }

        var silent = table.Rows.Where(row => IsSilent(row, now)).Select(row => row.Entry.Silo).ToList();
        foreach (var silo in silent)
        {
            await ChangeAsync(read => DeclareSilentDead(read, silo), cancellationToken).ConfigureAwait(false);
        }
    }

    private bool IsSilent(MembershipRow row, DateTimeOffset now) =>
        row.Entry.Silo != Self && row.Entry.Status != SiloStatus.Dead && now - row.Entry.IAmAliveAt >= _options.IAmAliveDeathAge;

    private RowChange? DeclareSilentDead(MembershipTableData table, SiloAddress silo)
    {
        var now = _time.GetUtcNow();
        if (table.Find(Self)?.Entry.Status != SiloStatus.Active || table.Find(silo) is not { } row || !IsSilent(row, now))
        {
            return null;
        }

        return new RowChange(row.Entry with { Status = SiloStatus.Dead }, row.ETag, () => _log.DeclaredSilentDead(Self, silo, now - row.Entry.IAmAliveAt));
    }

    private async Task CleanupAsync(CancellationToken cancellationToken)
    {
        if (!Is(State.Active) || _options.DefunctRowAge == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        await _table.CleanupDefunctEntriesAsync(_time.GetUtcNow() - _options.DefunctRowAge, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One write: an insert when <paramref name="ETag"/> is null, else an update of the row read with that ETag.</summary>
    private sealed record RowChange(MembershipEntry Entry, string? ETag, Action Written);
}
