using System.Collections.Immutable;
using Beach.Actors.Audit;
using Beach.Actors.Cluster;

namespace Beach.Actors.Postgres.Tests;

/// <summary>The audit log of a cluster silo appends only while the membership table does not say the silo is dead.</summary>
public sealed class PostgresAuditLogFenceTests : IAsyncLifetime
{
    private const string Tenant = "tenant-a";
    private static readonly DateTimeOffset Now = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly SiloAddress Silo = new("10.0.0.1", 11111, 100);
    private static readonly SiloAddress Voter = new("10.0.0.2", 11111, 200);

    private TestStore _store = null!;
    private PostgresMembershipTable _membership = null!;
    private PostgresAuditLog _reader = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync();
        _membership = new PostgresMembershipTable(_store.Open());
        await _membership.InitializeAsync(CancellationToken.None);
        _reader = _store.Track(new PostgresAuditLog(_store.Open()));
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task A_silo_whose_row_is_active_appends()
    {
        await JoinAsync(Silo);
        var log = OpenFor(Silo);

        var record = await log.AppendAsync(Entry("controller/s-1", expectedVersion: 0));

        record.StreamVersion.ShouldBe(1);
        (await _reader.ReadStreamAsync(Tenant, "controller/s-1", 0, 10)).ShouldBe([record]);
    }

    [Fact]
    public async Task Once_its_row_is_written_dead_the_next_append_fails_with_silo_unavailable_and_inserts_nothing()
    {
        await JoinAsync(Silo);
        var log = OpenFor(Silo);
        await log.AppendAsync(Entry("controller/s-1", expectedVersion: 0));

        await DeclareDeadAsync(Silo);

        var refused = await Should.ThrowAsync<SiloUnavailableException>(async () => await log.AppendAsync(Entry("controller/s-1", expectedVersion: 1)));
        refused.Message.ShouldContain("declared dead");
        (await _reader.ReadStreamAsync(Tenant, "controller/s-1", 0, 10)).Count.ShouldBe(1);
        log.WriterStatistics.ItemsCommitted.ShouldBe(1);
        log.WriterStatistics.ItemsRejected.ShouldBe(1);
    }

    [Fact]
    public async Task Reads_through_the_log_of_a_dead_silo_still_answer()
    {
        await JoinAsync(Silo);
        var log = OpenFor(Silo);
        var record = await log.AppendAsync(Entry("controller/s-1", expectedVersion: 0));
        await DeclareDeadAsync(Silo);

        (await log.ReadLastAsync(Tenant, "controller/s-1")).ShouldBe(record);
    }

    [Fact]
    public async Task A_silo_with_no_membership_row_cannot_append()
    {
        var log = OpenFor(Silo);

        var refused = await Should.ThrowAsync<SiloUnavailableException>(async () => await log.AppendAsync(Entry("controller/s-1", expectedVersion: 0)));

        refused.Message.ShouldContain("no membership row");
        (await _reader.ReadStreamAsync(Tenant, "controller/s-1", 0, 10)).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_fence_reads_only_its_own_incarnation_and_cluster()
    {
        // The same endpoint restarted (a new generation) and the same address in another cluster are other silos.
        await JoinAsync(Silo);
        await DeclareDeadAsync(Silo);
        var restarted = Silo with { Generation = Silo.Generation + 1 };
        await JoinAsync(restarted);

        (await OpenFor(restarted).AppendAsync(Entry("controller/s-1", expectedVersion: 0))).StreamVersion.ShouldBe(1);
        await Should.ThrowAsync<SiloUnavailableException>(async () => await OpenFor(Silo).AppendAsync(Entry("controller/s-2", expectedVersion: 0)));
        await Should.ThrowAsync<SiloUnavailableException>(async () =>
            await OpenFor(restarted, clusterId: "other").AppendAsync(Entry("controller/s-3", expectedVersion: 0)));
    }

    [Fact]
    public async Task Under_concurrent_appends_nothing_commits_after_the_dead_write_and_every_append_started_after_it_fails()
    {
        const int APPENDERS = 16;
        await JoinAsync(Silo);
        var log = OpenFor(Silo);
        var succeeded = 0L;
        var deadWritten = 0;
        var failedAfterDead = 0L;
        var succeededAfterDead = 0L;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var appenders = Enumerable.Range(0, APPENDERS).Select(appender => Task.Run(async () =>
        {
            var version = 0L;
            while (!stop.IsCancellationRequested)
            {
                var startedAfterDead = Volatile.Read(ref deadWritten) != 0;
                try
                {
                    await log.AppendAsync(Entry($"controller/s-{appender}", version));
                    version++;
                    Interlocked.Increment(ref succeeded);
                    if (startedAfterDead)
                    {
                        Interlocked.Increment(ref succeededAfterDead);
                    }
                }
                catch (SiloUnavailableException)
                {
                    if (startedAfterDead)
                    {
                        // Enough appends refused after the Dead write to show that the refusal holds: this appender stops.
                        Interlocked.Increment(ref failedAfterDead);
                        return;
                    }
                }
            }
        })).ToList();

        // Let the writer get busy, then flip the row to Dead while batches are in flight.
        while (Interlocked.Read(ref succeeded) < 500)
        {
            await Task.Delay(5);
        }

        await DeclareDeadAsync(Silo);
        Volatile.Write(ref deadWritten, 1);
        var storedAtDeadWrite = await CountStoredAsync(APPENDERS);
        await Task.WhenAll(appenders);

        // The Dead write took the row lock only after every batch holding the share lock committed, and every batch after
        // it read Dead: what was in the table when the Dead write returned is all there will ever be.
        Interlocked.Read(ref succeededAfterDead).ShouldBe(0);
        Interlocked.Read(ref failedAfterDead).ShouldBe(APPENDERS);
        var storedAtEnd = await CountStoredAsync(APPENDERS);
        storedAtEnd.ShouldBe(storedAtDeadWrite);
        storedAtEnd.ShouldBe(Interlocked.Read(ref succeeded), "every acknowledged append is stored, and no refused one");
    }

    [Fact]
    public async Task A_dead_write_waits_for_a_fenced_transaction_still_open_and_an_iamalive_does_not()
    {
        await JoinAsync(Silo);
        await using var fenced = new Npgsql.NpgsqlConnection(_store.Database.ConnectionString);
        await fenced.OpenAsync();
        await using var transaction = await fenced.BeginTransactionAsync();
        await using (var batch = new Npgsql.NpgsqlBatch(fenced, transaction))
        {
            batch.BatchCommands.Add(new Audit.AuditMembershipFence(PostgresOptions.DEFAULT_CLUSTER_ID, Silo).Command([null]));
            await batch.ExecuteNonQueryAsync();
        }

        // The fence's key share lock lets the row's other updates through.
        await _membership.UpdateIAmAliveAsync(Silo, Now.AddSeconds(1), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        // The Dead write waits on the row lock while the fenced transaction is open, and goes through when it ends.
        var dead = DeclareDeadAsync(Silo);
        await WaitForALockWaitAsync();
        dead.IsCompleted.ShouldBeFalse();
        await transaction.CommitAsync();
        await dead.WaitAsync(TimeSpan.FromSeconds(10));

        var refused = await Should.ThrowAsync<Npgsql.PostgresException>(() => FenceAsync(Silo));
        refused.SqlState.ShouldBe(Audit.AuditMembershipFence.DEAD_SQLSTATE);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_fence_that_meets_a_dead_write_in_progress_waits_for_it_and_reads_dead(int silos)
    {
        // One silo takes the fence's one-row statement, two the general one: both must wait and see the Dead.
        var other = new SiloAddress("10.0.0.7", 11111, 700);
        await JoinAsync(Silo);
        await JoinAsync(other);
        await using var writer = new Npgsql.NpgsqlConnection(_store.Database.ConnectionString);
        await writer.OpenAsync();
        await using var transaction = await writer.BeginTransactionAsync();
        await using (var dead = new Npgsql.NpgsqlCommand(
            "UPDATE membership SET status = 'Dead' WHERE cluster_id = $1 AND host = $2 AND port = $3 AND generation = $4", writer, transaction))
        {
            dead.Parameters.Add(new Npgsql.NpgsqlParameter { Value = PostgresOptions.DEFAULT_CLUSTER_ID });
            dead.Parameters.Add(new Npgsql.NpgsqlParameter { Value = Silo.Host });
            dead.Parameters.Add(new Npgsql.NpgsqlParameter { Value = Silo.Port });
            dead.Parameters.Add(new Npgsql.NpgsqlParameter { Value = Silo.Generation });
            (await dead.ExecuteNonQueryAsync()).ShouldBe(1);
        }

        var fence = silos == 1 ? FenceAsync(Silo) : FenceAsync(Silo, other);
        await WaitForALockWaitAsync();
        fence.IsCompleted.ShouldBeFalse("the fence waits for the Dead write's row lock");
        await transaction.CommitAsync();

        var refused = await Should.ThrowAsync<Npgsql.PostgresException>(() => fence.WaitAsync(TimeSpan.FromSeconds(10)));
        refused.SqlState.ShouldBe(Audit.AuditMembershipFence.DEAD_SQLSTATE);
        refused.MessageText.ShouldContain($"{Silo.Host}:{Silo.Port}@{Silo.Generation}");
    }

    [Fact]
    public async Task An_append_for_another_silo_is_fenced_on_that_silo_not_on_the_writer()
    {
        // The writer is the tenant's audit home; the origin is the silo whose grain decided the append.
        var origin = new SiloAddress("10.0.0.3", 11111, 300);
        await JoinAsync(Silo);
        await JoinAsync(origin);
        var home = OpenFor(Silo);

        (await home.AppendForAsync(origin, Entry("controller/s-1", expectedVersion: 0))).StreamVersion.ShouldBe(1);
        await DeclareDeadAsync(origin);

        var refused = await Should.ThrowAsync<SiloUnavailableException>(async () => await home.AppendForAsync(origin, Entry("controller/s-1", expectedVersion: 1)));
        refused.Message.ShouldContain(origin.ToString());
        refused.Message.ShouldContain("declared dead");
        (await home.AppendAsync(Entry("controller/s-2", expectedVersion: 0))).StreamVersion.ShouldBe(1, "the home's own appends go on");
        (await _reader.ReadStreamAsync(Tenant, "controller/s-1", 0, 10)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task In_one_batch_the_appends_of_a_dead_origin_are_refused_and_those_of_live_ones_commit()
    {
        // Enough appends at once that the writer batches several origins together: a refused fence aborts a whole
        // transaction, so the writer must write the live origins' appends again without the dead one's.
        const int EACH = 40;
        var alive = new SiloAddress("10.0.0.3", 11111, 300);
        var dead = new SiloAddress("10.0.0.4", 11111, 400);
        await JoinAsync(Silo);
        await JoinAsync(alive);
        await JoinAsync(dead);
        await DeclareDeadAsync(dead);
        var home = OpenFor(Silo);

        var appends = Enumerable.Range(0, EACH).SelectMany(i => new[]
        {
            (Origin: (SiloAddress?)null, Task: home.AppendAsync(Entry($"controller/own-{i}", expectedVersion: 0)).AsTask()),
            (Origin: alive, Task: home.AppendForAsync(alive, Entry($"controller/alive-{i}", expectedVersion: 0)).AsTask()),
            (Origin: dead, Task: home.AppendForAsync(dead, Entry($"controller/dead-{i}", expectedVersion: 0)).AsTask()),
        }).ToList();
        await Task.WhenAll(appends.Select(append => append.Task.ContinueWith(_ => { }, TaskScheduler.Default)));

        foreach (var (origin, task) in appends)
        {
            if (origin == dead)
            {
                (await Should.ThrowAsync<SiloUnavailableException>(task)).Message.ShouldContain(dead.ToString());
            }
            else
            {
                (await task).StreamVersion.ShouldBe(1);
            }
        }

        (await _reader.QueryAsync(new AuditQuery(Tenant) { Limit = 1000 })).Select(record => record.Stream)
            .ShouldAllBe(stream => !stream.StartsWith("controller/dead-", StringComparison.Ordinal));
        home.WriterStatistics.ItemsCommitted.ShouldBe(2 * EACH);
        home.WriterStatistics.ItemsRejected.ShouldBe(EACH);
        home.WriterStatistics.BatchesCommitted.ShouldBeLessThan(3 * EACH, "the writer batched the origins together");
    }

    [Fact]
    public async Task Appends_of_the_writers_own_silo_named_both_ways_in_one_batch_are_fenced_on_it_once_and_commit()
    {
        // A silo whose view is behind may send its appends to itself as the audit home: then its own silo comes both
        // as no origin and by its address. All of them commit; that the fence counts it once (rather than refusing
        // and the writer fencing each origin apart) is shown by the test of the function below.
        const int EACH = 40;
        await JoinAsync(Silo);
        var home = OpenFor(Silo);

        var appends = Enumerable.Range(0, EACH).SelectMany(i => new[]
        {
            home.AppendAsync(Entry($"controller/own-{i}", expectedVersion: 0)).AsTask(),
            home.AppendForAsync(Silo, Entry($"controller/named-{i}", expectedVersion: 0)).AsTask(),
        }).ToList();

        (await Task.WhenAll(appends)).ShouldAllBe(record => record.StreamVersion == 1);
        home.WriterStatistics.ItemsCommitted.ShouldBe(2 * EACH);
        home.WriterStatistics.BatchesCommitted.ShouldBeLessThan(2 * EACH, "the writer batched both kinds together");
    }

    [Fact]
    public async Task The_fence_counts_a_silo_named_twice_once_and_refuses_a_missing_one_among_live_ones()
    {
        await JoinAsync(Silo);
        var missing = new SiloAddress("10.0.0.9", 11111, 900);

        await FenceAsync(Silo, Silo);
        var refused = await Should.ThrowAsync<Npgsql.PostgresException>(() => FenceAsync(Silo, missing));
        refused.SqlState.ShouldBe(Audit.AuditMembershipFence.MISSING_SQLSTATE);
    }

    [Fact]
    public async Task A_log_opened_for_no_silo_appends_for_no_other_silo()
    {
        var log = _store.Track(new PostgresAuditLog(_store.Open()));

        await Should.ThrowAsync<InvalidOperationException>(async () => await log.AppendForAsync(Voter, Entry("controller/s-1", expectedVersion: 0)));
    }

    private async Task FenceAsync(params SiloAddress[] silos)
    {
        await using var connection = new Npgsql.NpgsqlConnection(_store.Database.ConnectionString);
        await connection.OpenAsync();
        await using var batch = new Npgsql.NpgsqlBatch(connection);
        batch.BatchCommands.Add(new Audit.AuditMembershipFence(PostgresOptions.DEFAULT_CLUSTER_ID, silos[0]).Command(silos.Cast<SiloAddress?>()));
        await batch.ExecuteNonQueryAsync();
    }

    /// <summary>Until another backend of this database waits for a heavyweight lock (a row's, or its transaction's).</summary>
    private async Task WaitForALockWaitAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(_store.Database.ConnectionString);
        await connection.OpenAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            await using var command = new Npgsql.NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", connection);
            if ((long)(await command.ExecuteScalarAsync())! > 0)
            {
                return;
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, "no backend came to wait for the fenced row's lock");
            await Task.Delay(10);
        }
    }

    private async Task<long> CountStoredAsync(int streams)
    {
        long count = 0;
        for (var stream = 0; stream < streams; stream++)
        {
            count += (await _reader.ReadStreamAsync(Tenant, $"controller/s-{stream}", 0, 100_000)).Count;
        }

        return count;
    }

    private PostgresAuditLog OpenFor(SiloAddress silo, string clusterId = PostgresOptions.DEFAULT_CLUSTER_ID) =>
        _store.Track(new PostgresAuditLog(_store.Open(options => options.ClusterId = clusterId), ILocalSilo.Of(silo)));

    private async Task JoinAsync(SiloAddress silo)
    {
        var version = (await _membership.ReadAllAsync(CancellationToken.None)).Version;
        (await _membership.InsertRowAsync(Row(silo, SiloStatus.Active), version.Next(), CancellationToken.None)).ShouldBeTrue();
    }

    /// <summary>Writes the row Dead as the other silos' vote does: a compare-and-swap on the table version and row ETag.</summary>
    private async Task DeclareDeadAsync(SiloAddress silo)
    {
        var data = await _membership.ReadAllAsync(CancellationToken.None);
        var row = data.Find(silo).ShouldNotBeNull();
        var dead = row.Entry.WithVote(new SuspectVote(Voter, Now)) with { Status = SiloStatus.Dead };
        (await _membership.UpdateRowAsync(dead, row.ETag, data.Version.Next(), CancellationToken.None)).ShouldBeTrue();
    }

    private static MembershipEntry Row(SiloAddress silo, SiloStatus status) =>
        new(silo, status, $"silo-{silo.Generation}", 30000, Now.AddMinutes(-5), Now, ImmutableArray<SuspectVote>.Empty);

    private static AuditEntry Entry(string stream, long expectedVersion) =>
        new(Tenant, stream, "granted", Actor: null, Data: "{}", Now) { ExpectedVersion = expectedVersion };
}
