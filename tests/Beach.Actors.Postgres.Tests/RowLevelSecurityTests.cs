using System.Text;
using Beach.Actors.Audit;
using Npgsql;

namespace Beach.Actors.Postgres.Tests;

public sealed class RowLevelSecurityTests : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 3, 14, 15, 9, 26, TimeSpan.Zero);

    private TestStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStore.CreateAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task A_session_of_tenant_a_cannot_read_tenant_b_audit_rows_or_grain_state()
    {
        var database = _store.Open();
        var log = _store.Track(new PostgresAuditLog(database));
        var storage = new PostgresGrainStorage(database);
        await log.AppendAsync(new AuditEntry("a", "controller/s-1", "granted", null, "{}", At));
        await log.AppendAsync(new AuditEntry("b", "controller/s-1", "granted", null, "{}", At));
        await storage.WriteAsync(new GrainId("session", "a/s-1"), "state", Encoding.UTF8.GetBytes("{}"), null, CancellationToken.None);
        await storage.WriteAsync(new GrainId("session", "b/s-1"), "state", Encoding.UTF8.GetBytes("{}"), null, CancellationToken.None);

        // The role the silos use (not a superuser, owner of the tables, bound by FORCE ROW LEVEL SECURITY).
        await using var connection = new NpgsqlConnection(_store.Database.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ScalarAsync(connection, transaction, "SELECT set_config('beach.tenant', 'a', true)");

        (await ScalarAsync(connection, transaction, "SELECT count(*) FROM audit_log WHERE tenant = 'b'")).ShouldBe(0L);
        (await ScalarAsync(connection, transaction, "SELECT count(*) FROM grain_state WHERE tenant = 'b'")).ShouldBe(0L);
        (await ScalarAsync(connection, transaction, "SELECT count(*) FROM audit_log")).ShouldBe(1L);
        (await ScalarAsync(connection, transaction, "SELECT count(*) FROM grain_state")).ShouldBe(1L);
        (await ScalarAsync(connection, transaction, "SELECT count(*) FROM grain_state WHERE grain_key = 'a/s-1'")).ShouldBe(1L);
        (await ScalarAsync(connection, transaction, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).ShouldBe(false);
    }

    [Fact]
    public async Task A_session_that_names_no_tenant_sees_no_tenant_rows_and_cannot_write_into_another_tenant()
    {
        var database = _store.Open();
        var log = _store.Track(new PostgresAuditLog(database));
        await log.AppendAsync(new AuditEntry("b", "controller/s-1", "granted", null, "{}", At));

        await using var connection = new NpgsqlConnection(_store.Database.ConnectionString);
        await connection.OpenAsync();
        (await ScalarAsync(connection, null, "SELECT count(*) FROM audit_log")).ShouldBe(0L);

        await using var transaction = await connection.BeginTransactionAsync();
        await ScalarAsync(connection, transaction, "SELECT set_config('beach.tenant', 'a', true)");
        var refused = await Should.ThrowAsync<PostgresException>(ScalarAsync(connection, transaction,
            "INSERT INTO audit_log (tenant, stream, stream_version, kind, data, at) VALUES ('b', 'x', 1, 'forged', '{}', now())"));
        refused.SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege);
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        return await command.ExecuteScalarAsync();
    }
}
