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
}
