namespace Beach.Actors.Gateway.Security;

/// <summary>What a minted token says: who (<c>sub</c>), for which tenant, with which scopes, until when.</summary>
/// <param name="Subject">The principal: a user, a controller, a harness.</param>
/// <param name="Tenant">The tenant every grain key of its requests is built from.</param>
/// <param name="Scopes">The scopes granted; <see cref="Security.Scopes.Admin"/> satisfies all.</param>
/// <param name="Lifetime">From now until <c>exp</c>.</param>
public sealed record TokenRequest(string Subject, string Tenant, IReadOnlyList<string> Scopes, TimeSpan Lifetime)
{
    /// <summary>The <c>iss</c> claim.</summary>
    public string Issuer { get; init; } = SecurityOptions.DEFAULT_ISSUER;

    /// <summary>The <c>aud</c> claim.</summary>
    public string Audience { get; init; } = SecurityOptions.DEFAULT_AUDIENCE;

    /// <summary>The <c>roles</c> claim (left out when empty); see <see cref="Security.Roles"/>.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>The <c>agent_id</c> claim, binding the token to an agent (needed with the <c>agent</c> role).</summary>
    public string? AgentId { get; init; }

    /// <summary>The <c>asg</c> claim: the onboarding assignment the token belongs to.</summary>
    public string? AssignmentId { get; init; }

    /// <summary>The <c>sessions</c> claim: the only sessions the token may touch (left out when null).</summary>
    public IReadOnlyList<string>? Sessions { get; init; }

    /// <summary>The <c>jti</c> claim.</summary>
    public string? TokenId { get; init; }

    /// <summary>When the token expires, instead of now + <see cref="Lifetime"/>.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}
