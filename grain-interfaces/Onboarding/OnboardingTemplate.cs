using System.Collections.Immutable;

namespace Beach.Actors.Onboarding;

/// <summary>
/// What an onboarded agent is given (seed 000, "Agent Onboarding"): a prompt pack, the MCP bridge map of the tools it
/// may call, and the harness types it can drive. A template's versions are immutable; a change is a new version.
/// </summary>
/// <param name="TemplateId">1–64 lower-case letters, digits, '.', '_' or '-'.</param>
/// <param name="Version">1, 2, …: each <c>POST /onboarding/templates</c> of the same id adds one.</param>
/// <param name="Name">A display name, such as "Pong Coordinator".</param>
/// <param name="Description">What the template is for.</param>
/// <param name="HarnessTypes">The harness types a target session may have (for example <c>terminal_shim</c>).</param>
/// <param name="PromptPack">The prompts delivered to the agent.</param>
/// <param name="Tools">The MCP bridge map: each tool the agent sees and the bridge tool it maps to.</param>
/// <param name="Scopes">The scopes the tools need, and so the only scopes an onboarded token carries (<see cref="McpBridgeCatalog"/>).</param>
/// <param name="CreatedAt">When this version was added.</param>
/// <param name="CreatedBy">Who added it.</param>
[Immutable]
public sealed record OnboardingTemplate(
    string TemplateId,
    int Version,
    string Name,
    string? Description,
    ImmutableArray<string> HarnessTypes,
    PromptPack PromptPack,
    ImmutableArray<McpToolBinding> Tools,
    ImmutableArray<string> Scopes,
    DateTimeOffset CreatedAt,
    string? CreatedBy);

/// <summary>The prompts of a template: one system prompt and named prompts (for example <c>on_start</c>, <c>runbook</c>).</summary>
[Immutable]
public sealed record PromptPack(string System, ImmutableDictionary<string, string> Prompts);

/// <summary>One tool of the MCP bridge map: the name the agent calls and the bridge tool (<see cref="McpBridgeCatalog"/>) it maps to.</summary>
[Immutable]
public sealed record McpToolBinding(string Name, string MapsTo, string? Description);

/// <summary>A template's newest version and how many versions are kept, for listings.</summary>
[Immutable]
public sealed record OnboardingTemplateSummary(string TemplateId, int LatestVersion, string Name, ImmutableArray<int> Versions, DateTimeOffset UpdatedAt);
