namespace Beach.Actors.Gateway.Health;

/// <summary>The answer of the health routes.</summary>
public sealed record HealthResponse(string Status);
