using System.Collections.Immutable;
using Beach.Actors.Audit;
using Beach.Actors.Persistence;
using Microsoft.Extensions.Options;

namespace Beach.Actors.Onboarding;

/// <summary>
/// A tenant's onboarding templates in grain storage: per template its versions, oldest first, at most
/// <see cref="OnboardingOptions.MaxTemplateVersions"/> (the oldest is dropped past it). Each new version and each
/// deletion is recorded in the tenant's <c>onboarding-templates</c> audit stream first.
/// </summary>
[GrainType("onboarding-templates")]
internal sealed class OnboardingTemplateGrain(
    [PersistentState("onboarding-templates")] IPersistentState<OnboardingTemplateState> state,
    IAuditLog audit,
    TimeProvider timeProvider,
    IOptions<OnboardingOptions> options) : Grain, IOnboardingTemplateGrain
{
    private const string STREAM = "onboarding-templates";

    public async Task<OnboardingTemplate> PutAsync(OnboardingTemplateDraft draft, string? actor)
    {
        var limits = options.Value;
        var templates = state.State.Templates;
        if (!templates.TryGetValue(draft.TemplateId, out var versions))
        {
            if (templates.Count >= limits.MaxTemplates)
            {
                throw new TemplateCatalogFullException(limits.MaxTemplates);
            }

            versions = [];
        }

        var adding = SizeOf(draft.Name, draft.Description, draft.HarnessTypes, draft.PromptPack, draft.Tools);
        var held = templates.Values.SelectMany(v => v).Sum(t => SizeOf(t.Name, t.Description, t.HarnessTypes, t.PromptPack, t.Tools));
        var dropping = versions.Count >= limits.MaxTemplateVersions ? SizeOf(versions[0].Name, versions[0].Description, versions[0].HarnessTypes, versions[0].PromptPack, versions[0].Tools) : 0;
        if (held - dropping + adding > limits.MaxCatalogCharacters)
        {
            throw new TemplateCatalogTooLargeException(limits.MaxCatalogCharacters, held, adding);
        }

        var number = versions.Count == 0 ? 1 : versions[^1].Version + 1;
        var template = new OnboardingTemplate(
            draft.TemplateId, number, draft.Name, draft.Description, draft.HarnessTypes, draft.PromptPack, draft.Tools,
            McpBridgeCatalog.ScopesOf(draft.Tools), timeProvider.GetUtcNow(), actor);
        await audit.AppendAsync(new AuditEntry(GetPrimaryKeyString(), STREAM, "template_version_added", actor,
            OnboardingAuditCodec.Object(("template_id", template.TemplateId), ("version", template.Version), ("scopes", template.Scopes)), template.CreatedAt));
        versions.Add(template);
        if (versions.Count > limits.MaxTemplateVersions)
        {
            versions.RemoveRange(0, versions.Count - limits.MaxTemplateVersions);
        }

        templates[draft.TemplateId] = versions;
        await state.WriteStateAsync();
        return template;
    }

    /// <summary>A version's text in characters, what <see cref="OnboardingOptions.MaxCatalogCharacters"/> counts.</summary>
    private static long SizeOf(string name, string? description, ImmutableArray<string> harnessTypes, PromptPack pack, ImmutableArray<McpToolBinding> tools)
        => name.Length + (description?.Length ?? 0) + harnessTypes.Sum(t => t.Length) + pack.System.Length
           + pack.Prompts.Sum(p => p.Key.Length + p.Value.Length) + tools.Sum(t => t.Name.Length + t.MapsTo.Length + (t.Description?.Length ?? 0));

    public Task<OnboardingTemplate?> GetAsync(string templateId, int? version)
    {
        if (!state.State.Templates.TryGetValue(templateId, out var versions) || versions.Count == 0)
        {
            return Task.FromResult<OnboardingTemplate?>(null);
        }

        return Task.FromResult(version is null ? versions[^1] : versions.FirstOrDefault(v => v.Version == version));
    }

    public Task<ImmutableArray<OnboardingTemplateSummary>> ListAsync()
        => Task.FromResult<ImmutableArray<OnboardingTemplateSummary>>([.. state.State.Templates
            .Where(t => t.Value.Count > 0)
            .OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => new OnboardingTemplateSummary(t.Key, t.Value[^1].Version, t.Value[^1].Name, [.. t.Value.Select(v => v.Version)], t.Value[^1].CreatedAt))]);

    public async Task<bool> DeleteAsync(string templateId, string? actor)
    {
        if (!state.State.Templates.ContainsKey(templateId))
        {
            return false;
        }

        await audit.AppendAsync(new AuditEntry(GetPrimaryKeyString(), STREAM, "template_deleted", actor,
            OnboardingAuditCodec.Object(("template_id", templateId)), timeProvider.GetUtcNow()));
        state.State.Templates.Remove(templateId);
        await state.WriteStateAsync();
        return true;
    }
}

/// <summary>What the template catalog keeps: template id → its kept versions, oldest first.</summary>
internal sealed class OnboardingTemplateState
{
    public Dictionary<string, List<OnboardingTemplate>> Templates { get; set; } = new(StringComparer.Ordinal);
}
