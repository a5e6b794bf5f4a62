using Beach.Actors.Onboarding;

namespace Beach.Actors.Gateway.Onboarding;

/// <summary>Turns onboarding's grain records into their API shapes.</summary>
internal static class OnboardingMapping
{
    public static TemplateResponse ToResponse(OnboardingTemplate t) => new(
        t.TemplateId, t.Version, t.Name, t.Description, t.HarnessTypes, Prompts(t.PromptPack), Tools(t), t.Scopes, t.CreatedAt, t.CreatedBy);

    public static TemplateListResponse ToResponse(IEnumerable<OnboardingTemplateSummary> templates)
        => new([.. templates.Select(t => new TemplateSummaryResponse(t.TemplateId, t.LatestVersion, t.Name, t.Versions, t.UpdatedAt))]);

    public static OnboardingResponse ToResponse(AgentAssignment a, string? token) => new(
        a.AssignmentId,
        a.AgentId,
        Status(a.Status),
        a.EndReason,
        a.Template.TemplateId,
        a.Template.Version,
        [.. a.Sessions.Select(s => new AssignedSessionResponse(s.SessionId, s.HarnessType, s.LeaseId, s.FencingToken, s.LeaseExpiresAt))],
        a.Scopes,
        Prompts(a.Template.PromptPack),
        Tools(a.Template),
        token,
        a.TokenId,
        a.TokenExpiresAt,
        a.TokensIssued,
        a.CreatedAt,
        a.EndedAt);

    public static EntitlementsResponse ToResponse(TenantEntitlements e)
        => new(e.AllowedHarnessTypes is { } types ? types : null, e.MaxOnboardedAgents, OnboardingOptions.MAX_ONBOARDED_AGENTS_LIMIT, e.UpdatedAt, e.UpdatedBy);

    public static RoleResponse ToResponse(CustomRole role) => new(role.Name, role.Scopes, role.Description, false, role.UpdatedAt, role.UpdatedBy);

    public static string Status(AssignmentStatus status) => status switch
    {
        AssignmentStatus.Active => "active",
        AssignmentStatus.Revoked => "revoked",
        _ => "ended",
    };

    private static PromptPackResponse Prompts(PromptPack pack) => new(pack.System, pack.Prompts);

    private static IReadOnlyList<ToolResponse> Tools(OnboardingTemplate t)
        => [.. t.Tools.Select(tool => new ToolResponse(tool.Name, tool.MapsTo, McpBridgeCatalog.Tools[tool.MapsTo], tool.Description))];
}
