using System.Collections.Immutable;

namespace Beach.Actors.Onboarding;

/// <summary>
/// One onboarding of an agent onto sessions (keyed <c>{tenant}/{assignment id}</c>): the template it was given, the
/// controller lease it holds on each session, the tokens issued for it and whether it still stands. Every change is in
/// the audit log (stream <c>assignment/{id}</c>) before the call returns. The anomaly rule lives here: the gateway
/// reports each batch of actions and each stale fencing token of the assignment's tokens, and a breach revokes the
/// leases and every token of the assignment at once.
/// </summary>
[GrainType("agent-assignment")]
public interface IAgentAssignmentGrain : IGrainWithStringKey
{
    /// <summary>
    /// Checks the agent, the template, each session's harness type against the template and the tenant's entitlements,
    /// takes the agent's slot and the sessions' controller leases, and issues the first token. Throws
    /// <see cref="Agents.AgentNotFoundException"/>, <see cref="TemplateNotFoundException"/>,
    /// <see cref="Sessions.SessionNotFoundException"/>, <see cref="HarnessTypeMismatchException"/>,
    /// <see cref="NotEntitledException"/>, <see cref="AgentAlreadyOnboardedException"/>,
    /// <see cref="AgentNotOnboardableException"/> and <see cref="Leases.LeaseHeldException"/>; on any of them nothing is held.
    /// </summary>
    Task<AgentAssignment> OnboardAsync(OnboardCommand command);

    /// <summary>
    /// Issues a new token and renews the leases while the assignment stands; throws <see cref="AssignmentEndedException"/>
    /// once it was revoked, offboarded or lapsed, or when a lease was lost (which ends it).
    /// </summary>
    Task<AgentAssignment> RefreshAsync(string? actor);

    /// <summary>The assignment, or null when there is none of this id.</summary>
    [ReadOnly]
    Task<AgentAssignment?> GetAsync();

    /// <summary>Whether tokens of this assignment are still good: the revocation record every such token is checked against.</summary>
    [ReadOnly]
    Task<AssignmentCheck> CheckAsync();

    /// <summary>
    /// Feeds the anomaly rule: <paramref name="acceptedActions"/> actions were queued and <paramref name="staleFencingTokens"/>
    /// were refused as stale under this assignment. Returns true when this report revoked it.
    /// </summary>
    Task<bool> RecordActivityAsync(int acceptedActions, int staleFencingTokens);

    /// <summary>Ends the assignment now if its newest token has expired unrefreshed (its timer does the same when due).</summary>
    Task LapseIfDueAsync();

    /// <summary>Ends the assignment by hand (offboarding): its leases are released and its tokens refused. False when it had ended already.</summary>
    Task<bool> EndAsync(string? actor, string? reason);
}

/// <summary>What <c>POST /agents/{id}/onboard</c> asks for.</summary>
[Immutable]
public sealed record OnboardCommand(string AgentId, string TemplateId, int? TemplateVersion, ImmutableArray<string> SessionIds, string? Actor);

/// <summary>An assignment's state: standing, or ended (revoked by the anomaly rule, offboarded, lapsed, lease lost).</summary>
public enum AssignmentStatus
{
    /// <summary>Its tokens work and its leases are held.</summary>
    Active,

    /// <summary>Revoked by the anomaly rule: leases revoked, tokens refused.</summary>
    Revoked,

    /// <summary>Ended by an operator (offboarded) or because a lease was lost or no token was refreshed in time.</summary>
    Ended,
}

/// <summary>One session of an assignment and the lease the agent holds on it.</summary>
[Immutable]
public sealed record AssignedSession(string SessionId, string HarnessType, string LeaseId, long FencingToken, DateTimeOffset LeaseExpiresAt);

/// <summary>An onboarding: what the agent was given and the token it may use now.</summary>
[Immutable]
public sealed record AgentAssignment(
    string AssignmentId,
    string AgentId,
    OnboardingTemplate Template,
    ImmutableArray<AssignedSession> Sessions,
    ImmutableArray<string> Scopes,
    AssignmentStatus Status,
    string? EndReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset? EndedAt,
    string TokenId,
    DateTimeOffset TokenIssuedAt,
    DateTimeOffset TokenExpiresAt,
    int TokensIssued);

/// <summary>The revocation record's answer for a token of the assignment.</summary>
[Immutable]
public sealed record AssignmentCheck(bool Active, AssignmentStatus? Status, string? Reason, DateTimeOffset? EndedAt);
