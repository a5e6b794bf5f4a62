namespace Beach.Actors.Idempotency;

/// <summary>
/// One idempotency key of one tenant (keyed <see cref="IdempotencyKey.For"/>): the fingerprint of the first request
/// that used it and, once that request finished, its response. Being a grain, it serializes concurrent claims of one
/// key across every gateway: exactly one request runs, the others replay its answer.
/// </summary>
[GrainType("idempotency")]
public interface IIdempotencyGrain : IGrainWithStringKey
{
    /// <summary>
    /// Claims the key for a request with <paramref name="fingerprint"/>: <see cref="IdempotencyOutcome.Started"/> when
    /// the caller is to run it (and then call <see cref="CompleteAsync"/> or <see cref="AbandonAsync"/>), a stored
    /// response to replay, a mismatch when the key was used for another request, or in progress while another
    /// caller runs it (until <paramref name="claimTimeout"/> after its claim).
    /// </summary>
    Task<IdempotencyClaim> BeginAsync(string fingerprint, TimeSpan claimTimeout);

    /// <summary>Stores the response of the claimed request, kept for <paramref name="retention"/>.</summary>
    Task CompleteAsync(string fingerprint, StoredResponse response, TimeSpan retention);

    /// <summary>Gives the claim up without a response (the request failed in a way a retry should repeat).</summary>
    Task AbandonAsync(string fingerprint);
}
