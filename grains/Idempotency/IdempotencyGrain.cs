using Beach.Actors.Persistence;

namespace Beach.Actors.Idempotency;

/// <summary>
/// One tenant's idempotency key. The claim of a running request lives in the activation only (a restart forgets it,
/// and the retry then runs, which is what a caller of a request that never answered expects); the response, once
/// stored, is on disk until it expires. An expired record is cleared when its key is next used.
/// </summary>
[GrainType("idempotency")]
internal sealed class IdempotencyGrain(
    [PersistentState("idempotency")] IPersistentState<IdempotencyState> state,
    TimeProvider timeProvider) : Grain, IIdempotencyGrain
{
    private (string Fingerprint, DateTimeOffset Until)? _claim;

    public async Task<IdempotencyClaim> BeginAsync(string fingerprint, TimeSpan claimTimeout)
    {
        var now = timeProvider.GetUtcNow();
        if (state.RecordExists && state.State.ExpiresAt <= now)
        {
            await state.ClearStateAsync();
        }

        if (state.RecordExists)
        {
            var stored = state.State;
            return stored.Fingerprint == fingerprint
                ? new IdempotencyClaim(IdempotencyOutcome.Replay, new StoredResponse(stored.Status, stored.ContentType, stored.Location, stored.Body))
                : new IdempotencyClaim(IdempotencyOutcome.Mismatch, null);
        }

        if (_claim is { } claim && claim.Until > now)
        {
            return new IdempotencyClaim(claim.Fingerprint == fingerprint ? IdempotencyOutcome.InProgress : IdempotencyOutcome.Mismatch, null);
        }

        _claim = (fingerprint, now + claimTimeout);
        return new IdempotencyClaim(IdempotencyOutcome.Started, null);
    }

    public async Task CompleteAsync(string fingerprint, StoredResponse response, TimeSpan retention)
    {
        if (_claim?.Fingerprint != fingerprint || state.RecordExists)
        {
            // A claim that timed out and was taken by another request: the first to store wins.
            return;
        }

        state.State = new IdempotencyState
        {
            Fingerprint = fingerprint,
            Status = response.Status,
            ContentType = response.ContentType,
            Location = response.Location,
            Body = response.Body,
            ExpiresAt = timeProvider.GetUtcNow() + retention,
        };
        await state.WriteStateAsync();
        _claim = null;
    }

    public Task AbandonAsync(string fingerprint)
    {
        if (_claim?.Fingerprint == fingerprint)
        {
            _claim = null;
        }

        return Task.CompletedTask;
    }
}
