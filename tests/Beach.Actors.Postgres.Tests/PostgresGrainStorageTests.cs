using System.Text;
using Beach.Actors.Persistence;

namespace Beach.Actors.Postgres.Tests;

public sealed class PostgresGrainStorageTests : IAsyncLifetime
{
    private const string StateName = "state";
    private static readonly GrainId Grain = new("session", "tenant-a/session-1");

    private TestStore _store = null!;
    private PostgresGrainStorage _storage = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync();
        _storage = new PostgresGrainStorage(_store.Open());
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task Write_then_read_returns_the_payload_and_the_new_etag()
    {
        var etag = await _storage.WriteAsync(Grain, StateName, Json("hello"), expectedEtag: null, CancellationToken.None);

        var stored = await _storage.ReadAsync(Grain, StateName, CancellationToken.None);

        stored.ShouldNotBeNull();
        stored.Etag.ShouldBe(etag);
        Text(stored.Payload).ShouldBe(Text(Json("hello")));
    }

    [Fact]
    public async Task Read_of_state_never_written_returns_null()
    {
        (await _storage.ReadAsync(Grain, StateName, CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task States_of_one_grain_are_kept_apart_by_name()
    {
        await _storage.WriteAsync(Grain, "profile", Json("p"), null, CancellationToken.None);
        await _storage.WriteAsync(Grain, "queue", Json("q"), null, CancellationToken.None);

        Text((await _storage.ReadAsync(Grain, "profile", CancellationToken.None))!.Payload).ShouldBe(Text(Json("p")));
        Text((await _storage.ReadAsync(Grain, "queue", CancellationToken.None))!.Payload).ShouldBe(Text(Json("q")));
    }

    [Fact]
    public async Task Write_with_current_etag_replaces_the_state_and_changes_the_etag()
    {
        var first = await _storage.WriteAsync(Grain, StateName, Json("v1"), null, CancellationToken.None);

        var second = await _storage.WriteAsync(Grain, StateName, Json("v2"), first, CancellationToken.None);

        second.ShouldNotBe(first);
        var stored = await _storage.ReadAsync(Grain, StateName, CancellationToken.None);
        stored!.Etag.ShouldBe(second);
        Text(stored.Payload).ShouldBe(Text(Json("v2")));
    }

    [Fact]
    public async Task Two_writers_from_the_same_etag_exactly_one_wins()
    {
        var etag = await _storage.WriteAsync(Grain, StateName, Json("v1"), null, CancellationToken.None);

        var writes = new[] { "left", "right" }
            .Select(payload => Attempt(_storage.WriteAsync(Grain, StateName, Json(payload), etag, CancellationToken.None)))
            .ToArray();
        var outcomes = await Task.WhenAll(writes);

        var winner = outcomes.Single(outcome => outcome.Etag is not null);
        var loser = outcomes.Single(outcome => outcome.Error is not null);
        var conflict = loser.Error.ShouldBeOfType<InconsistentStateException>();
        conflict.CurrentEtag.ShouldBe(etag);
        conflict.StoredEtag.ShouldBe(winner.Etag);
        conflict.Message.ShouldContain(Grain.ToString());
        (await _storage.ReadAsync(Grain, StateName, CancellationToken.None))!.Etag.ShouldBe(winner.Etag);
    }

    [Fact]
    public async Task Write_expecting_nothing_stored_is_refused_when_state_exists()
    {
        var etag = await _storage.WriteAsync(Grain, StateName, Json("v1"), null, CancellationToken.None);

        var conflict = await Should.ThrowAsync<InconsistentStateException>(
            _storage.WriteAsync(Grain, StateName, Json("v2"), null, CancellationToken.None));

        conflict.StoredEtag.ShouldBe(etag);
        conflict.CurrentEtag.ShouldBeNull();
        Text((await _storage.ReadAsync(Grain, StateName, CancellationToken.None))!.Payload).ShouldBe(Text(Json("v1")));
    }

    [Fact]
    public async Task Write_with_an_etag_this_store_never_issued_is_refused()
    {
        await _storage.WriteAsync(Grain, StateName, Json("v1"), null, CancellationToken.None);

        await Should.ThrowAsync<InconsistentStateException>(
            _storage.WriteAsync(Grain, StateName, Json("v2"), "not-an-etag", CancellationToken.None));
    }

    [Fact]
    public async Task Clear_with_a_stale_etag_is_refused_and_keeps_the_state()
    {
        var stale = await _storage.WriteAsync(Grain, StateName, Json("v1"), null, CancellationToken.None);
        var current = await _storage.WriteAsync(Grain, StateName, Json("v2"), stale, CancellationToken.None);

        var conflict = await Should.ThrowAsync<InconsistentStateException>(
            _storage.ClearAsync(Grain, StateName, stale, CancellationToken.None));

        conflict.StoredEtag.ShouldBe(current);
        conflict.CurrentEtag.ShouldBe(stale);
        (await _storage.ReadAsync(Grain, StateName, CancellationToken.None))!.Etag.ShouldBe(current);
    }

    [Fact]
    public async Task Clear_with_the_current_etag_removes_the_state()
    {
        var etag = await _storage.WriteAsync(Grain, StateName, Json("v1"), null, CancellationToken.None);

        await _storage.ClearAsync(Grain, StateName, etag, CancellationToken.None);

        (await _storage.ReadAsync(Grain, StateName, CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task An_etag_from_before_a_clear_never_matches_the_state_written_after_it()
    {
        var beforeClear = await _storage.WriteAsync(Grain, StateName, Json("v1"), null, CancellationToken.None);
        await _storage.ClearAsync(Grain, StateName, beforeClear, CancellationToken.None);
        var afterClear = await _storage.WriteAsync(Grain, StateName, Json("v2"), null, CancellationToken.None);

        afterClear.ShouldNotBe(beforeClear);
        await Should.ThrowAsync<InconsistentStateException>(
            _storage.WriteAsync(Grain, StateName, Json("v3"), beforeClear, CancellationToken.None));
    }

    [Fact]
    public async Task State_written_by_one_silo_is_read_and_replaced_by_another()
    {
        var etag = await _storage.WriteAsync(Grain, StateName, Json("durable"), null, CancellationToken.None);
        var otherSilo = new PostgresGrainStorage(_store.Open());

        var stored = await otherSilo.ReadAsync(Grain, StateName, CancellationToken.None);

        stored!.Etag.ShouldBe(etag);
        Text(stored.Payload).ShouldBe(Text(Json("durable")));
        (await otherSilo.WriteAsync(Grain, StateName, Json("again"), etag, CancellationToken.None)).ShouldNotBe(etag);
    }

    [Fact]
    public async Task Payload_given_as_a_slice_stores_only_the_slice()
    {
        var buffer = Encoding.UTF8.GetBytes("xx{\"value\":\"payload\"}xx");

        await _storage.WriteAsync(Grain, StateName, buffer.AsMemory(2, buffer.Length - 4), null, CancellationToken.None);

        Text((await _storage.ReadAsync(Grain, StateName, CancellationToken.None))!.Payload).ShouldBe(Text(Json("payload")));
    }

    [Fact]
    public async Task Grains_without_a_tenant_in_their_key_are_stored_too()
    {
        var system = new GrainId("silo-control", "silo-1");

        var etag = await _storage.WriteAsync(system, StateName, Json("x"), null, CancellationToken.None);

        (await _storage.ReadAsync(system, StateName, CancellationToken.None))!.Etag.ShouldBe(etag);
    }

    // jsonb keeps equivalent JSON, not the bytes: the form PostgreSQL prints is what reads back.
    private static ReadOnlyMemory<byte> Json(string value) => Encoding.UTF8.GetBytes($$"""{"value": "{{value}}"}""");

    private static string Text(ReadOnlyMemory<byte> payload) => Encoding.UTF8.GetString(payload.Span);

    private static async Task<(string? Etag, Exception? Error)> Attempt(Task<string> write)
    {
        try
        {
            return (await write, null);
        }
        catch (InconsistentStateException error)
        {
            return (null, error);
        }
    }
}
