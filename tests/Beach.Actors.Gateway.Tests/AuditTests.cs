using System.Net;
using Beach.Actors.Audit;
using Beach.Actors.Gateway.Tests.Support;
using Beach.Actors.Testing.Http;
using Microsoft.Data.Sqlite;

namespace Beach.Actors.Gateway.Tests;

/// <summary>
/// <c>GET /audit</c> over real HTTP: what the API did is in the tenant's hash-chained log before the answer, the pages
/// verify, and a record changed in the SQLite file behind the server's back is named by the verifier.
/// </summary>
public sealed class AuditTests
{
    private const string SESSION = "term-1";
    private const string DEVELOPMENT_TENANT = "dev";

    [Fact]
    public async Task The_log_holds_every_controller_event_and_state_read_and_verifies_clean()
    {
        await using var host = await GatewayHost.StartAsync();
        await DriveSessionAsync(host);

        var records = await ReadAllAsync(host);

        records.Select(record => (record.Stream, record.Kind)).ShouldBe(
        [
            ("controller/" + SESSION, "granted"),
            ("controller/" + SESSION, "renewed"),
            ("controller/" + SESSION, "released"),
            ("session/" + SESSION, "state_read"),
            ("session/" + SESSION, "controller_events_read"),
        ]);
        records[0].Actor.ShouldBe("alice");
        records[3].Actor.ShouldBe("test-admin", "a state read is recorded under the token's subject");
        var verification = await AuditChainVerifier.VerifyAsync(DEVELOPMENT_TENANT, AuditApiPage.ReadAllAsync(host.Http, pageSize: 2));
        verification.IsIntact.ShouldBeTrue();
        verification.RecordsChecked.ShouldBe(5);
        verification.HeadHash.ShouldBe(records[^1].Hash);
    }

    [Fact]
    public async Task Verify_names_the_record_changed_in_the_file_behind_the_servers_back()
    {
        await using var host = await GatewayHost.StartAsync();
        await DriveSessionAsync(host);
        var renewed = (await ReadAllAsync(host)).Single(record => record.Kind == "renewed");

        await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(host.DataDirectory, "beach.db"),
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString()))
        {
            await connection.OpenAsync();
            await using var tamper = connection.CreateCommand();
            tamper.CommandText = "UPDATE audit_log SET data = json_set(data, '$.fencing_token', 999) WHERE seq = @seq";
            tamper.Parameters.AddWithValue("@seq", renewed.Seq);
            (await tamper.ExecuteNonQueryAsync()).ShouldBe(1);
        }

        var verification = await AuditChainVerifier.VerifyAsync(DEVELOPMENT_TENANT, AuditApiPage.ReadAllAsync(host.Http, pageSize: 2));

        var broken = verification.FirstBreak.ShouldNotBeNull();
        broken.Seq.ShouldBe(renewed.Seq);
        broken.Reason.ShouldBe(AuditChainBreakReason.HashMismatch);
        broken.Describe().ShouldContain($"seq {renewed.Seq}");
    }

    [Fact]
    public async Task Filters_pick_by_session_controller_kind_and_time_and_the_cursor_pages()
    {
        await using var host = await GatewayHost.StartAsync();
        await DriveSessionAsync(host);
        await host.Client.RegisterSessionAsync("other-1");
        await host.Client.AcquireAsync("other-1", "bob", 60_000);
        var all = await ReadAllAsync(host);

        (await PageAsync(host, "?session=" + SESSION)).Records.Count.ShouldBe(5);
        (await PageAsync(host, "?session=other-1")).Records.Select(record => record.Kind).ShouldBe(["granted"]);
        (await PageAsync(host, "?controller=bob")).Records.ShouldHaveSingleItem().Stream.ShouldBe("controller/other-1");
        (await PageAsync(host, "?kind=granted")).Records.Count.ShouldBe(2);
        var since = Uri.EscapeDataString(all[1].At.ToString("O"));
        (await PageAsync(host, $"?since={since}&kind=granted")).Records.ShouldHaveSingleItem().Actor.ShouldBe("bob");
        (await PageAsync(host, $"?until={since}")).Records.ShouldAllBe(record => record.At < all[1].At);
        var first = await PageAsync(host, "?limit=3");
        first.Records.Select(record => record.Seq).ShouldBe(all.Take(3).Select(record => record.Seq));
        (await PageAsync(host, $"?after={first.NextCursor}&limit=3")).Records.Select(record => record.Seq).ShouldBe(all.Skip(3).Take(3).Select(record => record.Seq));
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=1001", "limit")]
    [InlineData("?after=-1", "after")]
    [InlineData("?after=abc", "after")]
    [InlineData("?since=yesterday", "since")]
    [InlineData("?until=2026-13-01T00:00:00Z", "until")]
    [InlineData("?since=2026-12-02T00:00:00Z&until=2026-12-01T00:00:00Z", "until")]
    [InlineData("?session=bad!id", "session")]
    [InlineData("?kind=", "kind")]
    [InlineData("?controller=a&controller=b", "controller")]
    public async Task Bad_parameters_are_answered_with_a_problem_naming_the_field(string query, string field)
    {
        await using var host = await GatewayHost.StartAsync();

        var answer = await host.Client.SendAsync<NoBody>(HttpMethod.Get, "/audit" + query);

        answer.Status.ShouldBe(HttpStatusCode.BadRequest);
        answer.ContentType.ShouldBe("application/problem+json");
        answer.ProblemBody.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue();
    }

    /// <summary>Register, acquire, renew, release, read the session and its controller events.</summary>
    private static async Task DriveSessionAsync(GatewayHost host)
    {
        await host.Client.RegisterSessionAsync(SESSION);
        var lease = (await host.Client.AcquireAsync(SESSION, "alice", 60_000)).Body;
        (await host.Client.RenewAsync(SESSION, lease.LeaseId, 60_000)).Status.ShouldBe(HttpStatusCode.OK);
        (await host.Client.ReleaseAsync(SESSION, lease.LeaseId)).Status.ShouldBe(HttpStatusCode.NoContent);
        (await host.Client.GetSessionAsync(SESSION)).Status.ShouldBe(HttpStatusCode.OK);
        (await host.Client.GetControllerEventsAsync(SESSION)).Status.ShouldBe(HttpStatusCode.OK);
    }

    private static async Task<List<AuditRecord>> ReadAllAsync(GatewayHost host)
    {
        var records = new List<AuditRecord>();
        await foreach (var record in AuditApiPage.ReadAllAsync(host.Http))
        {
            records.Add(record);
        }

        return records;
    }

    private static async Task<AuditApiPage> PageAsync(GatewayHost host, string query)
    {
        using var response = await host.Http.GetAsync("/audit" + query);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = AuditApiPage.Parse(await response.Content.ReadAsByteArrayAsync());
        page.Tenant.ShouldBe(DEVELOPMENT_TENANT);
        return page;
    }
}
