using Beach.Actors.Cluster;
using Beach.Actors.Reminders;
using Beach.Actors.Runtime.Hosting;
using Beach.Actors.Runtime.Messaging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beach.Actors.Runtime.Reminders;

/// <summary>
/// The silo's reminders. Registration writes the reminder table first and arms the reminder here only if this silo
/// owns the grain's ring range; the owner of each range loads its reminders at start, re-reads them every
/// <see cref="ReminderOptions.RefreshPeriod"/>, and re-loads when its ranges change (a silo joined, left or died), so
/// every reminder ticks on exactly the silo that owns it. A single silo owns the whole ring.
/// </summary>
internal sealed partial class ReminderService : IReminderRegistry, IHostedService, IDisposable
{
    private readonly IReminderTable _table;
    private readonly IMessageRouter _router;
    private readonly ReminderOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<(GrainId Grain, string Name), LocalReminder> _armed = [];
    private readonly SemaphoreSlim _refreshing = new(1, 1);

    // Changes whose owner refused them (its view of the ring differed from ours), re-sent after our next range
    // update. Bounded: when full, a refused change waits for the owner's periodic refresh instead.
    private readonly HashSet<(GrainId Grain, string Name)> _refused = [];
    private long _rangeUpdates;
    private long _rangeUpdatesLoaded;
    private IReadOnlyList<RingRange> _ranges = [RingRange.Whole];
    private IReminderOwnerNotifier? _notifier;
    private ITimer? _refreshTimer;
    private long _nextTickId;

    public ReminderService(
        IReminderTable table,
        IMessageRouter router,
        TimeProvider timeProvider,
        IOptions<ReminderOptions> options,
        IOptions<SiloOptions> siloOptions,
        ILogger<ReminderService> logger)
    {
        _table = table;
        _router = router;
        TimeProvider = timeProvider;
        _options = options.Value;
        TickTimeout = siloOptions.Value.ResponseTimeout;
        _logger = logger;
    }

    public TimeProvider TimeProvider { get; }

    /// <summary>How long a tick may run before the next one is sent regardless.</summary>
    public TimeSpan TickTimeout { get; }

    /// <summary>How many reminders are armed on this silo.</summary>
    public int ArmedCount
    {
        get
        {
            lock (_lock)
            {
                return _armed.Count;
            }
        }
    }

    /// <summary>How many range updates have finished loading their reminders (for tests and diagnostics).</summary>
    public long RangeUpdatesLoaded => Interlocked.Read(ref _rangeUpdatesLoaded);

    /// <summary>How many ticks the armed reminders named <paramref name="name"/> sent (for tests and diagnostics).</summary>
    public int TicksSent(string name)
    {
        lock (_lock)
        {
            return _armed.Values.Where(reminder => reminder.Entry.Name == name).Sum(reminder => reminder.TicksSent);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _table.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        _refreshTimer = TimeProvider.CreateTimer(
            static state => _ = ((ReminderService)state!).RefreshInBackgroundAsync(), this, _options.RefreshPeriod, _options.RefreshPeriod);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _refreshTimer?.Dispose();
        lock (_lock)
        {
            foreach (var reminder in _armed.Values)
            {
                reminder.Dispose();
            }

            _armed.Clear();
        }
    }

    public async Task<GrainReminder> RegisterOrUpdateReminder(GrainId grain, string name, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (dueTime < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "A reminder's due time is zero or more.");
        }

        if (period < _options.MinimumPeriod)
        {
            throw new ArgumentOutOfRangeException(
                nameof(period), period, $"A reminder's period is at least {_options.MinimumPeriod} (ReminderOptions.MinimumPeriod); use a grain timer for shorter ones.");
        }

        var existing = await _table.ReadRowsAsync(grain, CancellationToken.None).ConfigureAwait(false);
        if (existing.Count >= _options.MaxRemindersPerGrain && !existing.Any(row => row.Name == name))
        {
            throw new InvalidOperationException(
                $"{grain} already has {existing.Count} reminders, the most allowed (ReminderOptions.MaxRemindersPerGrain); unregister one first.");
        }

        var entry = new ReminderEntry(grain, name, TimeProvider.GetUtcNow() + dueTime, period, string.Empty);
        var etag = await _table.UpsertRowAsync(entry, CancellationToken.None).ConfigureAwait(false);
        entry = entry with { ETag = etag };
        if (!await ApplyIfOwnedAsync(grain, name, entry).ConfigureAwait(false))
        {
            await NotifyOwnerAsync(grain, name).ConfigureAwait(false);
        }

        return ToGrainReminder(entry);
    }

    public async Task<bool> UnregisterReminder(GrainId grain, GrainReminder reminder)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        var removed = await _table.RemoveRowAsync(grain, reminder.Name, reminder.ETag, CancellationToken.None).ConfigureAwait(false);
        if (removed && !await ApplyIfOwnedAsync(grain, reminder.Name, entry: null).ConfigureAwait(false))
        {
            Disarm(grain, reminder.Name);
            await NotifyOwnerAsync(grain, reminder.Name).ConfigureAwait(false);
        }

        return removed;
    }

    public async Task<GrainReminder?> GetReminder(GrainId grain, string name)
    {
        var entry = await _table.ReadRowAsync(grain, name, CancellationToken.None).ConfigureAwait(false);
        return entry is null ? null : ToGrainReminder(entry);
    }

    public async Task<IReadOnlyList<GrainReminder>> GetReminders(GrainId grain)
    {
        var entries = await _table.ReadRowsAsync(grain, CancellationToken.None).ConfigureAwait(false);
        return entries.Select(ToGrainReminder).ToList();
    }

    /// <summary>Where changes made here go when another silo owns the reminder; set once by the cluster's wiring.</summary>
    public void UseNotifier(IReminderOwnerNotifier notifier) => _notifier = notifier;

    /// <summary>
    /// Re-reads one reminder, as its owner: arms it if it exists, disarms it if not. Throws
    /// <see cref="ReminderNotOwnedException"/> if this silo does not own the grain's range, so that the silo that asked
    /// (whose view of the ring differs) asks again after its view changes instead of the change being lost.
    /// </summary>
    public async Task ReloadAsync(GrainId grain, string name)
    {
        if (!await ApplyIfOwnedAsync(grain, name, entry: null, read: true).ConfigureAwait(false))
        {
            throw new ReminderNotOwnedException(grain);
        }
    }

    /// <summary>
    /// Arms <paramref name="entry"/> (or the row read now, with <paramref name="read"/>), or disarms the reminder when
    /// there is none, if this silo owns the grain; returns whether it does. It holds the refresh lock: a refresh that
    /// read the table before the row changed would otherwise disarm (or re-arm) the reminder after this applied it.
    /// </summary>
    private async Task<bool> ApplyIfOwnedAsync(GrainId grain, string name, ReminderEntry? entry, bool read = false)
    {
        await _refreshing.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!Owns(grain))
            {
                return false;
            }

            if (read)
            {
                entry = await _table.ReadRowAsync(grain, name, CancellationToken.None).ConfigureAwait(false);
            }

            if (entry is null)
            {
                Disarm(grain, name);
            }
            else
            {
                Arm(entry, tickNow: true);
            }

            return true;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    /// <summary>Sets the owned ranges without loading: a silo in a cluster owns nothing until its first view.</summary>
    public void UseRanges(IEnumerable<(uint Begin, uint End)> ranges)
        => _ranges = ranges.Select(range => new RingRange(range.Begin, range.End)).ToList();

    /// <summary>Takes the ring ranges this silo now owns: disarms what moved away and loads what moved here.</summary>
    public async Task UpdateRangesAsync(IEnumerable<(uint Begin, uint End)> ranges, CancellationToken cancellationToken)
    {
        _ranges = ranges.Select(range => new RingRange(range.Begin, range.End)).ToList();

        // The view changed: the changes an owner refused under the old one go again, to the owner of the new one.
        (GrainId Grain, string Name)[] refused;
        lock (_lock)
        {
            _rangeUpdates++;
            refused = [.. _refused];
            _refused.Clear();
        }

        foreach (var (grain, name) in refused)
        {
            _ = NotifyOwnerAsync(grain, name);
        }

        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _rangeUpdatesLoaded);
    }

    /// <summary>Re-reads the reminders of the owned ranges: arms new and changed ones, disarms removed and moved ones.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var ranges = _ranges;
            var found = new Dictionary<(GrainId, string), ReminderEntry>();
            foreach (var range in ranges)
            {
                foreach (var entry in await _table.ReadRowsAsync(range.Begin, range.End, cancellationToken).ConfigureAwait(false))
                {
                    found[(entry.Grain, entry.Name)] = entry;
                }
            }

            List<LocalReminder> stale;
            lock (_lock)
            {
                stale = _armed.Where(pair => !found.TryGetValue(pair.Key, out var entry) || entry.ETag != pair.Value.Entry.ETag)
                    .Select(pair => pair.Value).ToList();
                foreach (var reminder in stale)
                {
                    _armed.Remove((reminder.Entry.Grain, reminder.Entry.Name));
                    reminder.Dispose();
                }
            }

            // A reminder loaded here (it moved from another silo, or was registered elsewhere) ticks strictly after now:
            // a point that is exactly now may already have ticked on the silo that owned it until now.
            foreach (var entry in found.Values)
            {
                Arm(entry, tickNow: false);
            }

            // A reminder armed here that moved away may have been registered after its new owner's range refresh read
            // the table (this silo armed it under its older ranges): tell the new owner, which refuses if not yet.
            foreach (var reminder in stale)
            {
                if (!found.ContainsKey((reminder.Entry.Grain, reminder.Entry.Name)) && !Owns(reminder.Entry.Grain))
                {
                    _ = NotifyOwnerAsync(reminder.Entry.Grain, reminder.Entry.Name);
                }
            }
        }
        finally
        {
            _refreshing.Release();
        }
    }

    internal void SendTick(ReminderEntry entry, TickStatus status, LocalReminder sink)
    {
        var deadline = TimeProvider.GetTimestamp() + (long)(TickTimeout.TotalSeconds * TimeProvider.TimestampFrequency);

        // Ticks number downwards from -1 so that they never share an id with a call from a grain reference.
        var message = new Message(-Interlocked.Increment(ref _nextTickId), entry.Grain, new ReminderTickRequest(entry.Name, status), sink, chain: null, deadline);
        _router.Send(message);
    }

    private async Task NotifyOwnerAsync(GrainId grain, string name)
    {
        if (_notifier is null)
        {
            return;
        }

        // The owner per our view may not own the grain per its own (views settle at different moments on each silo),
        // and its refresh for its new ranges may have read the table before our row was written: it refuses, and we
        // ask again once our view changes (the next range update re-sends), or at once if it changed while we asked.
        // A silo whose own view is behind is covered by its coming range update, which re-reads the table after it
        // takes the new ranges; the periodic refresh stays the last resort.
        for (var attempt = 0; attempt < MAX_NOTIFY_ATTEMPTS; attempt++)
        {
            long updates;
            lock (_lock)
            {
                updates = _rangeUpdates;
            }

            try
            {
                await _notifier.ChangedAsync(grain, name).ConfigureAwait(false);
                return;
            }
            catch (Exception exception) when (ReminderNotOwnedException.Is(exception))
            {
                lock (_lock)
                {
                    if (_rangeUpdates == updates)
                    {
                        if (_refused.Count < MAX_REFUSED)
                        {
                            _refused.Add((grain, name));
                        }
                        else
                        {
                            LogTooManyRefused(name, grain, MAX_REFUSED);
                        }

                        return;
                    }
                }
            }
            catch (Exception exception)
            {
                // The change is in the table: the owner's next refresh arms or disarms it.
                LogNotifyFailed(name, grain, exception);
                return;
            }
        }

        LogTooManyRefused(name, grain, MAX_REFUSED);
    }

    private const int MAX_NOTIFY_ATTEMPTS = 5;
    private const int MAX_REFUSED = 10_000;

    internal void ReportTickFailure(ReminderEntry entry, Exception exception) => LogTickFailed(entry.Name, entry.Grain, exception);

    private bool Owns(GrainId grain)
    {
        var hash = grain.GetUniformHashCode();
        foreach (var range in _ranges)
        {
            if (range.Contains(hash))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Arms <paramref name="entry"/> unless it is armed with the same ETag. With <paramref name="tickNow"/> (a
    /// registration or a change applied by its owner) a point of its schedule that is exactly now ticks at once.
    /// </summary>
    private void Arm(ReminderEntry entry, bool tickNow)
    {
        LocalReminder reminder;
        lock (_lock)
        {
            var key = (entry.Grain, entry.Name);
            if (_armed.TryGetValue(key, out var current))
            {
                if (current.Entry.ETag == entry.ETag)
                {
                    return;
                }

                current.Dispose();
                _armed.Remove(key);
            }

            if (_armed.Count >= _options.MaxArmedReminders)
            {
                LogTooManyArmed(entry.Name, entry.Grain, _options.MaxArmedReminders);
                return;
            }

            reminder = new LocalReminder(this, entry);
            _armed.Add(key, reminder);
        }

        reminder.Start(tickNow);
    }

    private void Disarm(GrainId grain, string name)
    {
        lock (_lock)
        {
            if (_armed.Remove((grain, name), out var reminder))
            {
                reminder.Dispose();
            }
        }
    }

    private async Task RefreshInBackgroundAsync()
    {
        try
        {
            await RefreshAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            LogRefreshFailed(exception);
        }
    }

    private static GrainReminder ToGrainReminder(ReminderEntry entry) => new(entry.Name, entry.StartAt, entry.Period, entry.ETag);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminder '{Name}' of {Grain} failed its tick; it keeps its schedule.")]
    private partial void LogTickFailed(string name, GrainId grain, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminder '{Name}' of {Grain} is not armed: this silo already arms {Limit} reminders (ReminderOptions.MaxArmedReminders).")]
    private partial void LogTooManyArmed(string name, GrainId grain, int limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telling the owner of {Grain} that reminder '{Name}' changed failed; its next refresh picks the change up.")]
    private partial void LogNotifyFailed(string name, GrainId grain, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The owner of {Grain} refused reminder '{Name}' (the views of the ring differ) and no more refusals are kept ({Limit}); its owner's periodic refresh picks it up.")]
    private partial void LogTooManyRefused(string name, GrainId grain, int limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-reading the reminder table failed; the armed reminders keep ticking and the next refresh tries again.")]
    private partial void LogRefreshFailed(Exception exception);
}
