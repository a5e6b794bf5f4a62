namespace Beach.Actors.Runtime.Membership;

/// <summary>
/// How silos agree on who is alive. Every default is documented next to its constant; the values follow Orleans'
/// <c>ClusterMembershipOptions</c> except where noted.
/// </summary>
/// <remarks>
/// <para>
/// Failure detection with the defaults: a silo that dies just after answering a probe misses the next
/// <see cref="MissedProbesLimit"/> probes of every other silo, the last of which fails at most
/// <see cref="ProbeTimeout"/> after it is sent, so every prober has voted within
/// <see cref="ProbePeriod"/> × <see cref="MissedProbesLimit"/> + <see cref="ProbeTimeout"/> = 3 × 5 s + 3 s = 18 s.
/// The voter whose vote completes <see cref="VotesForDeath"/> writes <c>Dead</c> in that same write; every other silo
/// reads it within <see cref="TableRefreshPeriod"/>: at most 18 s + 5 s = 23 s (<see cref="FailureDetectionTime"/>)
/// until every view has dropped the dead silo, and the same for a silo cut off from the others, which then reads
/// itself dead within one more refresh. <see cref="ForTests"/> gives 3 × 100 ms + 50 ms + 100 ms = 450 ms.
/// </para>
/// <para>
/// A silo nobody probes (one that died while Joining or ShuttingDown) is declared dead by the first silo that sees
/// its I-am-alive older than <see cref="IAmAliveDeathAge"/>: 5 min with the defaults.
/// </para>
/// </remarks>
public sealed class MembershipOptions
{
    /// <summary>
    /// Every active silo probes every other active silo this often. Orleans' 5 s: frequent enough to detect a death in
    /// seconds, rare enough that all-to-all probing of a few dozen silos costs nothing.
    /// </summary>
    public const int DEFAULT_PROBE_PERIOD_SECONDS = 5;

    /// <summary>
    /// A probe not answered in this long is missed. Shorter than the period so a round ends before the next one
    /// starts, long enough that a loaded silo (a GC pause, a busy thread pool) still answers.
    /// </summary>
    public const int DEFAULT_PROBE_TIMEOUT_SECONDS = 3;

    /// <summary>
    /// Missed probes in a row before the prober votes: Orleans' 3, so one lost packet or one long pause is not a vote.
    /// </summary>
    public const int DEFAULT_MISSED_PROBES_LIMIT = 3;

    /// <summary>
    /// Fresh votes that declare a silo dead: Orleans' 2, so no single silo (perhaps the one that is cut off) can kill
    /// another. Capped at the number of other active silos, so a two-silo cluster still detects a death.
    /// </summary>
    public const int DEFAULT_VOTES_FOR_DEATH = 2;

    /// <summary>
    /// A vote older than this no longer counts: Orleans' 2 min, far above the 18 s in which all probers vote for a
    /// dead silo, so their votes meet, while suspicions that never gathered enough votes fade.
    /// </summary>
    public const int DEFAULT_VOTE_EXPIRY_SECONDS = 120;

    /// <summary>
    /// How often a silo writes its I-am-alive. Orleans writes every 5 min because its I-am-alive is only diagnostic;
    /// ours also declares unprobed silos dead (<see cref="DEFAULT_IAMALIVE_DEATH_AGE_SECONDS"/>), so it is written
    /// ten times within that age. One unversioned row update per silo per 30 s is cheap.
    /// </summary>
    public const int DEFAULT_IAMALIVE_PERIOD_SECONDS = 30;

    /// <summary>
    /// How often a silo reads the whole table. Orleans reads every 60 s but also gossips each change; we do not gossip,
    /// so this is how long other silos take to learn of a death or a join. One small read per silo per 5 s is cheap.
    /// </summary>
    public const int DEFAULT_TABLE_REFRESH_PERIOD_SECONDS = 5;

    /// <summary>
    /// A silo whose I-am-alive is this old may be declared dead by anyone, without votes: ten missed writes, far above
    /// the vote-based detection time, so probes decide for every silo that is probed and this catches only the
    /// others. A silo whose own I-am-alive writes are failing declares nobody dead this way.
    /// </summary>
    public const int DEFAULT_IAMALIVE_DEATH_AGE_SECONDS = 300;

    /// <summary>Rows of silos dead this long (by their last I-am-alive) are deleted: Orleans' 7 days, kept for diagnosis.</summary>
    public const int DEFAULT_DEFUNCT_ROW_AGE_DAYS = 7;

    /// <summary>How often each silo deletes defunct rows: Orleans' hourly.</summary>
    public const int DEFAULT_DEFUNCT_CLEANUP_PERIOD_MINUTES = 60;

    /// <summary>
    /// How long a silo that joined or is leaving waits for each other silo to read the table when asked (see
    /// <c>ClusterAnnouncer</c>). A silo that does not answer in time learns at its next refresh; a joining or leaving
    /// silo waits no longer than this for the slowest one, so a hung one costs this much of the start or the stop.
    /// </summary>
    public const int DEFAULT_ANNOUNCE_TIMEOUT_SECONDS = 5;

    /// <summary>See <see cref="DEFAULT_PROBE_PERIOD_SECONDS"/>.</summary>
    public TimeSpan ProbePeriod { get; set; } = TimeSpan.FromSeconds(DEFAULT_PROBE_PERIOD_SECONDS);

    /// <summary>See <see cref="DEFAULT_PROBE_TIMEOUT_SECONDS"/>.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(DEFAULT_PROBE_TIMEOUT_SECONDS);

    /// <summary>See <see cref="DEFAULT_ANNOUNCE_TIMEOUT_SECONDS"/>.</summary>
    public TimeSpan AnnounceTimeout { get; set; } = TimeSpan.FromSeconds(DEFAULT_ANNOUNCE_TIMEOUT_SECONDS);

    /// <summary>See <see cref="DEFAULT_MISSED_PROBES_LIMIT"/>.</summary>
    public int MissedProbesLimit { get; set; } = DEFAULT_MISSED_PROBES_LIMIT;

    /// <summary>See <see cref="DEFAULT_VOTES_FOR_DEATH"/>.</summary>
    public int VotesForDeath { get; set; } = DEFAULT_VOTES_FOR_DEATH;

    /// <summary>See <see cref="DEFAULT_VOTE_EXPIRY_SECONDS"/>.</summary>
    public TimeSpan VoteExpiry { get; set; } = TimeSpan.FromSeconds(DEFAULT_VOTE_EXPIRY_SECONDS);

    /// <summary>See <see cref="DEFAULT_IAMALIVE_PERIOD_SECONDS"/>.</summary>
    public TimeSpan IAmAlivePeriod { get; set; } = TimeSpan.FromSeconds(DEFAULT_IAMALIVE_PERIOD_SECONDS);

    /// <summary>See <see cref="DEFAULT_TABLE_REFRESH_PERIOD_SECONDS"/>.</summary>
    public TimeSpan TableRefreshPeriod { get; set; } = TimeSpan.FromSeconds(DEFAULT_TABLE_REFRESH_PERIOD_SECONDS);

    /// <summary>See <see cref="DEFAULT_IAMALIVE_DEATH_AGE_SECONDS"/>. <see cref="Timeout.InfiniteTimeSpan"/> turns it off.</summary>
    public TimeSpan IAmAliveDeathAge { get; set; } = TimeSpan.FromSeconds(DEFAULT_IAMALIVE_DEATH_AGE_SECONDS);

    /// <summary>See <see cref="DEFAULT_DEFUNCT_ROW_AGE_DAYS"/>. <see cref="Timeout.InfiniteTimeSpan"/> keeps dead rows forever.</summary>
    public TimeSpan DefunctRowAge { get; set; } = TimeSpan.FromDays(DEFAULT_DEFUNCT_ROW_AGE_DAYS);

    /// <summary>See <see cref="DEFAULT_DEFUNCT_CLEANUP_PERIOD_MINUTES"/>.</summary>
    public TimeSpan DefunctCleanupPeriod { get; set; } = TimeSpan.FromMinutes(DEFAULT_DEFUNCT_CLEANUP_PERIOD_MINUTES);

    /// <summary>
    /// The longest time from a silo's death (or cut-off) until every other silo's view has dropped it:
    /// period × missed probes + probe timeout + table refresh.
    /// </summary>
    public TimeSpan FailureDetectionTime => ProbePeriod * MissedProbesLimit + ProbeTimeout + TableRefreshPeriod;

    /// <summary>
    /// Fast values for tests on a manual clock: probes every 100 ms with a 50 ms timeout, refresh and I-am-alive every
    /// 100 ms, so <see cref="FailureDetectionTime"/> is 450 ms. Votes last 5 s and unprobed silos die after 2 s of
    /// silence, both far above that.
    /// </summary>
    public static MembershipOptions ForTests() => new()
    {
        ProbePeriod = TimeSpan.FromMilliseconds(100),
        ProbeTimeout = TimeSpan.FromMilliseconds(50),
        VoteExpiry = TimeSpan.FromSeconds(5),
        IAmAlivePeriod = TimeSpan.FromMilliseconds(100),
        TableRefreshPeriod = TimeSpan.FromMilliseconds(100),
        IAmAliveDeathAge = TimeSpan.FromSeconds(2),
        DefunctRowAge = TimeSpan.FromSeconds(5),
        DefunctCleanupPeriod = TimeSpan.FromSeconds(1),
    };

    /// <summary>
    /// Fast values for real silos on one loaded machine (loopback TCP, the system clock): a probe has 200 ms to
    /// answer, since sockets, JIT and a busy thread pool all take their share on two cores; probes every 250 ms and
    /// refresh every 200 ms, so <see cref="FailureDetectionTime"/> is 1.15 s. Used by the multi-silo tests and bench/.
    /// </summary>
    public static MembershipOptions ForLoopbackCluster()
    {
        var options = ForTests();
        options.ProbePeriod = TimeSpan.FromMilliseconds(250);
        options.ProbeTimeout = TimeSpan.FromMilliseconds(200);
        options.TableRefreshPeriod = TimeSpan.FromMilliseconds(200);
        options.IAmAlivePeriod = TimeSpan.FromMilliseconds(500);
        options.IAmAliveDeathAge = TimeSpan.FromSeconds(5);
        return options;
    }

    /// <summary>Copies every timing of <paramref name="source"/> onto this instance (for <c>services.Configure</c>).</summary>
    public void CopyFrom(MembershipOptions source)
    {
        ArgumentNullException.ThrowIfNull(source);
        ProbePeriod = source.ProbePeriod;
        ProbeTimeout = source.ProbeTimeout;
        AnnounceTimeout = source.AnnounceTimeout;
        MissedProbesLimit = source.MissedProbesLimit;
        VotesForDeath = source.VotesForDeath;
        VoteExpiry = source.VoteExpiry;
        IAmAlivePeriod = source.IAmAlivePeriod;
        TableRefreshPeriod = source.TableRefreshPeriod;
        IAmAliveDeathAge = source.IAmAliveDeathAge;
        DefunctRowAge = source.DefunctRowAge;
        DefunctCleanupPeriod = source.DefunctCleanupPeriod;
    }

    /// <summary>Throws when the values cannot work together.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A period is not positive, or the probe timeout is not shorter than the probe period.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ProbePeriod, TimeSpan.Zero, nameof(ProbePeriod));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ProbeTimeout, TimeSpan.Zero, nameof(ProbeTimeout));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(ProbeTimeout, ProbePeriod, nameof(ProbeTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(AnnounceTimeout, TimeSpan.Zero, nameof(AnnounceTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(MissedProbesLimit, 1, nameof(MissedProbesLimit));
        ArgumentOutOfRangeException.ThrowIfLessThan(VotesForDeath, 1, nameof(VotesForDeath));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(VoteExpiry, TimeSpan.Zero, nameof(VoteExpiry));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(IAmAlivePeriod, TimeSpan.Zero, nameof(IAmAlivePeriod));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(TableRefreshPeriod, TimeSpan.Zero, nameof(TableRefreshPeriod));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(DefunctCleanupPeriod, TimeSpan.Zero, nameof(DefunctCleanupPeriod));
        if (IAmAliveDeathAge != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(IAmAliveDeathAge, IAmAlivePeriod, nameof(IAmAliveDeathAge));
        }
    }
}
