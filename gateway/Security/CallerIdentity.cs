namespace Beach.Actors.Gateway.Security;

/// <summary>Who a request acts as, read from its validated bearer token: the principal, its tenant and its scopes.</summary>
internal sealed record CallerIdentity(string Subject, string Tenant, IReadOnlySet<string> Scopes, DateTimeOffset ExpiresAt);
