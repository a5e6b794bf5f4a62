using Beach.Actors.Harness;

namespace Beach.Actors.Gateway.Tests;

/// <summary>The harness's own refusal of superseded leases, whatever the control plane delivers.</summary>
public sealed class HarnessFencingGuardTests
{
    [Fact]
    public void An_action_below_the_highest_fencing_token_seen_is_refused_as_stale()
    {
        var guard = new FencingGuard();

        guard.Judge(Action(seq: 1, token: 2)).ShouldBe(FencingGuard.Verdict.Apply);
        guard.Applied(1);

        // An older lease's action delivered late (a redelivery after a new lease's action) is never applied.
        guard.Judge(Action(seq: 2, token: 1)).ShouldBe(FencingGuard.Verdict.Stale);
        guard.Judge(Action(seq: 3, token: 3)).ShouldBe(FencingGuard.Verdict.Apply);
        guard.HighestFencingToken.ShouldBe(3);
    }

    [Fact]
    public void A_redelivered_action_that_was_applied_is_acked_without_applying_it_twice()
    {
        var guard = new FencingGuard();
        guard.Judge(Action(seq: 5, token: 1)).ShouldBe(FencingGuard.Verdict.Apply);
        guard.Applied(5);

        guard.Judge(Action(seq: 5, token: 1)).ShouldBe(FencingGuard.Verdict.AlreadyApplied);
        guard.Judge(Action(seq: 4, token: 1)).ShouldBe(FencingGuard.Verdict.AlreadyApplied);
        guard.Judge(Action(seq: 6, token: 1)).ShouldBe(FencingGuard.Verdict.Apply);
    }

    private static HarnessAction Action(long seq, long token) => new(seq, null, ActionApplier.TERMINAL_LINE, default, token);
}
