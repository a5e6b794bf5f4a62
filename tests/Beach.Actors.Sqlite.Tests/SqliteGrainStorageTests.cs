using System.Text;
using Beach.Actors.Persistence;

namespace Beach.Actors.Sqlite.Tests;

public sealed class SqliteGrainStorageTests : IAsyncLifetime
{
    private const string StateName = "state";
    private static readonly GrainId Grain = new("session", "tenant-a/session-1");

    private readonly TestDatabase _files = new();
    private SqliteDatabase _database = null!;
    private SqliteGrainStorage _storage = null!;

    public Task InitializeAsync()
    {
        _database = _files.Open();
        _storage = new SqliteGrainStorage(_database);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _files.DisposeAsync();

    [Fact]
    public async Task Write_then_read_returns_the_payload_and_the_new_etag()
    {
        var etag = await _storage.WriteAsync(Grain, StateName, Bytes("hello"), expectedEtag: null, CancellationToken.None);

        var stored = await _storage.ReadAsync(Grain, StateName, CancellationToken.None);

        stored.ShouldNotBeNull();
        stored.Etag.ShouldBe(etag);
        Text(stored.Payload).ShouldBe("hello");
    }

    [Fact]
    public async Task Read_of_state_never_written_returns_null()
    {
        (await _storage.ReadAsync(Grain, StateName, CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task States_of_one_grain_are_kept_apart_by_name()
    {
        await _storage.WriteAsync(Grain, "profile", Bytes("p"), null, CancellationToken.None);
        await _storage.WriteAsync(Grain, "queue", Bytes("q"), null, CancellationToken.None);

        Text((await _storage.ReadAsync(Grain, "profile", CancellationToken.None))!.Payload).ShouldBe("p");
        Text((await _storage.ReadAsync(Grain, "queue", CancellationToken.None))!.Payload).ShouldBe("q");
    }

    [Fact]
    public async Task Write_with_current_etag_replaces_the_state_and_changes_the_etag()
    {
        var first = await _storage.WriteAsync(Grain, StateName, Bytes("v1"), null, CancellationToken.None);

        var second = await _storage.WriteAsync(Grain, StateName, Bytes("v2"), first, CancellationToken.None);

        second.ShouldNotBe(first);
        var stored = await _storage.ReadAsync(Grain, StateName, CancellationToken.None);
        stored!.Etag.ShouldBe(second);
        Text(stored.Payload).ShouldBe("v2");
    }

    [Fact]
    public async Task Two_writers_from_the_same_etag_exactly_one_wins()
    {
        var etag = await _storage.WriteAsync(Grain, StateName, Bytes("v1"), null, CancellationToken.None);

        var writes = new[] { "left", "right" }
            .Select(payload => Attempt(_storage.WriteAsync(Grain, StateName, Bytes(payload), etag, CancellationToken.None)))
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
        var etag = await _storage.WriteAsync(Grain, StateName, Bytes("v1"), null, CancellationToken.None);

        var conflict = await Should.ThrowAsync<InconsistentStateException>(
            _storage.WriteAsync(Grain, StateName, Bytes("v2"), null, CancellationToken.None));

        conflict.StoredEtag.ShouldBe(etag);
        conflict.CurrentEtag.ShouldBeNull();
        Text((await _storage.ReadAsync(Grain, StateName, CancellationToken.None))!.Payload).ShouldBe("v1");
    }

    [Fact]
    public async Task Write_with_an_etag_this_store_never_issued_is_refused()
    {
        await _storage.WriteAsync(Grain, StateName, Bytes("v1"), null, CancellationToken.None);

        await Should.ThrowAsync<InconsistentStateException>(
            _storage.WriteAsync(Grain, StateName, Bytes("v2"), "not-an-etag", CancellationToken.None));
    }

    [Fact]
    public async Task Clear_with_a_stale_etag_is_refused_and_keeps_the_state()
    {
        var stale = await _storage.WriteAsync(Grain, StateName, Bytes("v1"), null, CancellationToken.None);
        var current = await _storage.WriteAsync(Grain, StateName, Bytes("v2"), stale, CancellationToken.None);

        var conflict = await Should.ThrowAsync<InconsistentStateException>(
            _storage.ClearAsync(Grain, StateName, stale, CancellationToken.None));

        conflict.StoredEtag.ShouldBe(current);
        conflict.CurrentEtag.ShouldBe(stale);
        (await _storage.ReadAsync(Grain, StateName, CancellationToken.None))!.Etag.ShouldBe(current);
    }

    [Fact]
    public async Task Clear_with_the_current_etag_removes_the_state()
    {
        var etag = await _storage.WriteAsync(Grain, StateName, Bytes("v1"), null, CancellationToken.None);

        await _storage.ClearAsync(Grain, StateName, etag, CancellationToken.None);

        (await _storage.ReadAsync(Grain, StateName, CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task An_etag_from_before_a_clear_never_matches_the_state_written_after_it()
    {
        var beforeClear = await _storage.WriteAsync(Grain, StateName, Bytes("v1"), null, CancellationToken.None);
        await _storage.ClearAsync(Grain, StateName, beforeClear, CancellationToken.None);
        var afterClear = await _storage.WriteAsync(Grain, StateName, Bytes("v2"), null, CancellationToken.None);

        afterClear.ShouldNotBe(beforeClear);
        await Should.ThrowAsync<InconsistentStateException>(
            _storage.WriteAsync(Grain, StateName, Bytes("v3"), beforeClear, CancellationToken.None));
    }

    [Fact]
    public async Task State_survives_closing_and_reopening_the_database()
    {
        var etag = await _storage.WriteAsync(Grain, StateName, Bytes("durable"), null, CancellationToken.None);

        _database = await _files.ReopenAsync(_database);
        var reopened = new SqliteGrainStorage(_database);

        var stored = await reopened.ReadAsync(Grain, StateName, CancellationToken.None);
        stored!.Etag.ShouldBe(etag);
        Text(stored.Payload).ShouldBe("durable");
        var next = await reopened.WriteAsync(Grain, StateName, Bytes("again"), etag, CancellationToken.None);
        next.ShouldNotBe(etag);
    }

    [Fact]
    public async Task Payload_given_as_a_slice_stores_only_the_slice()
    {
        var buffer = Encoding.UTF8.GetBytes("xxpayloadxx");

        await _storage.WriteAsync(Grain, StateName, buffer.AsMemory(2, 7), null, CancellationToken.None);

        Text((await _storage.ReadAsync(Grain, StateName, CancellationToken.None))!.Payload).ShouldBe("payload");
    }

    private static ReadOnlyMemory<byte> Bytes(string text) => Encoding.UTF8.GetBytes(text);

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
