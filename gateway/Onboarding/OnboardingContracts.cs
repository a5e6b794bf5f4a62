namespace Beach.Actors.Gateway.Onboarding;

/// <summary>The body of <c>POST /onboarding/templates</c>: a template, added as its next version.</summary>
public sealed class TemplateRequest
{
    /// <summary>1–64 lower-case letters, digits, '.', '_' or '-', starting with a letter.</summary>
    public string? TemplateId { get; set; }

    /// <summary>A display name.</summary>
    public string? Name { get; set; }

    /// <summary>What it is for.</summary>
    public string? Description { get; set; }

    /// <summary>The harness types a target session may have.</summary>
    public List<string?>? HarnessTypes { get; set; }

    /// <summary>The prompts.</summary>
    public PromptPackRequest? PromptPack { get; set; }

    /// <summary>The MCP bridge map.</summary>
    public List<ToolRequest?>? Tools { get; set; }
}

/// <summary>A prompt pack: the system prompt and named prompts.</summary>
public sealed class PromptPackRequest
{
    /// <summary>The system prompt.</summary>
    public string? System { get; set; }

    /// <summary>Named prompts.</summary>
    public Dictionary<string, string?>? Prompts { get; set; }
}

/// <summary>One tool of the bridge map: a bridge tool, or a domain tool with the bridge tool it maps to.</summary>
public sealed class ToolRequest
{
    /// <summary>The name the agent calls.</summary>
    public string? Name { get; set; }

    /// <summary>The bridge tool it maps to; may be left out when <see cref="Name"/> is one.</summary>
    public string? MapsTo { get; set; }

    /// <summary>What it does, for the agent.</summary>
    public string? Description { get; set; }
}

/// <summary>A prompt pack as the API shows it.</summary>
public sealed record PromptPackResponse(string System, IReadOnlyDictionary<string, string> Prompts);

/// <summary>A tool of the bridge map, with the scope its bridge tool needs.</summary>
public sealed record ToolResponse(string Name, string MapsTo, string Scope, string? Description);

/// <summary>One version of a template.</summary>
public sealed record TemplateResponse(
    string TemplateId,
    int Version,
    string Name,
    string? Description,
    IReadOnlyList<string> HarnessTypes,
    PromptPackResponse PromptPack,
    IReadOnlyList<ToolResponse> Tools,
    IReadOnlyList<string> Scopes,
    DateTimeOffset CreatedAt,
    string? CreatedBy);

/// <summary>A template in a listing: its newest version and the versions kept.</summary>
public sealed record TemplateSummaryResponse(string TemplateId, int LatestVersion, string Name, IReadOnlyList<int> Versions, DateTimeOffset UpdatedAt);

/// <summary>The tenant's templates, in id order.</summary>
public sealed record TemplateListResponse(IReadOnlyList<TemplateSummaryResponse> Templates);

/// <summary>The body of <c>POST /agents/{id}/onboard</c>.</summary>
public sealed class OnboardRequest
{
    /// <summary>The template to apply.</summary>
    public string? TemplateId { get; set; }

    /// <summary>Its version; the newest when left out.</summary>
    public int? TemplateVersion { get; set; }

    /// <summary>The sessions the agent is to control.</summary>
    public List<string?>? SessionIds { get; set; }
}

/// <summary>A session of an onboarding and the agent's lease on it.</summary>
public sealed record AssignedSessionResponse(string SessionId, string HarnessType, string LeaseId, long FencingToken, DateTimeOffset LeaseExpiresAt);

/// <summary>
/// An onboarding: what the agent was given and, from <c>onboard</c> and <c>refresh</c> only, its token (shown once,
/// valid until <c>token_expires_at</c>, at most 5 minutes).
/// </summary>
public sealed record OnboardingResponse(
    string AssignmentId,
    string AgentId,
    string Status,
    string? EndReason,
    string TemplateId,
    int TemplateVersion,
    IReadOnlyList<AssignedSessionResponse> Sessions,
    IReadOnlyList<string> Scopes,
    PromptPackResponse PromptPack,
    IReadOnlyList<ToolResponse> Tools,
    string? Token,
    string TokenId,
    DateTimeOffset TokenExpiresAt,
    int TokensIssued,
    DateTimeOffset CreatedAt,
    DateTimeOffset? EndedAt);

/// <summary>The body of <c>PUT /tenant/entitlements</c>.</summary>
public sealed class EntitlementsRequest
{
    /// <summary>The harness types agents may drive; null or left out: any.</summary>
    public List<string?>? AllowedHarnessTypes { get; set; }

    /// <summary>How many agents may be onboarded at once.</summary>
    public int? MaxOnboardedAgents { get; set; }
}

/// <summary>A tenant's entitlements.</summary>
public sealed record EntitlementsResponse(IReadOnlyList<string>? AllowedHarnessTypes, int MaxOnboardedAgents, int OnboardedAgentsLimit, DateTimeOffset? UpdatedAt, string? UpdatedBy);

/// <summary>The body of <c>PUT /roles/{name}</c>.</summary>
public sealed class RoleRequest
{
    /// <summary>The scopes the role grants.</summary>
    public List<string?>? Scopes { get; set; }

    /// <summary>What the role is for.</summary>
    public string? Description { get; set; }
}

/// <summary>A role: built in, or the tenant's.</summary>
public sealed record RoleResponse(string Name, IReadOnlyList<string> Scopes, string? Description, bool BuiltIn, DateTimeOffset? UpdatedAt, string? UpdatedBy);

/// <summary>The roles a token may carry.</summary>
public sealed record RoleListResponse(IReadOnlyList<RoleResponse> Roles);
