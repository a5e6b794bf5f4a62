namespace Beach.Actors.Gateway.Security;

/// <summary>
/// Who a request acts as, read from its validated bearer token: the principal, its tenant, its scopes and roles, and
/// what the token is bound to: an agent (<see cref="AgentId"/>, for the agent role) and, for a token issued by
/// onboarding, its assignment and the sessions it may touch.
/// </summary>
internal sealed record CallerIdentity(string Subject, string Tenant, IReadOnlySet<string> Scopes, DateTimeOffset ExpiresAt)
{
    /// <summary>The roles the token carries (<see cref="Roles"/>): built-in or the tenant's custom roles.</summary>
    public IReadOnlySet<string> Roles { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The agent the token is bound to; its agent routes are then only its own.</summary>
    public string? AgentId { get; init; }

    /// <summary>The onboarding assignment that issued the token, checked on every request against its revocation record.</summary>
    public string? AssignmentId { get; init; }

    /// <summary>The sessions an onboarded token may touch; null when the token is not bound to sessions.</summary>
    public IReadOnlySet<string>? Sessions { get; init; }
}
