using System.Collections.Immutable;

namespace Beach.Actors.Onboarding;

/// <summary>
/// One tenant's onboarding templates (keyed by the tenant), every version kept in grain storage up to
/// <see cref="OnboardingOptions.MaxTemplateVersions"/> per template and <see cref="OnboardingOptions.MaxTemplates"/> templates.
/// </summary>
[GrainType("onboarding-templates")]
public interface IOnboardingTemplateGrain : IGrainWithStringKey
{
    /// <summary>
    /// Adds <paramref name="draft"/> as the next version of its template (version 1 of a new one). Throws
    /// <see cref="TemplateCatalogFullException"/> for a new template past the bound.
    /// </summary>
    Task<OnboardingTemplate> PutAsync(OnboardingTemplateDraft draft, string? actor);

    /// <summary>A version of a template (the newest when <paramref name="version"/> is null), or null.</summary>
    [ReadOnly]
    Task<OnboardingTemplate?> GetAsync(string templateId, int? version);

    /// <summary>Every template's newest version, in id order.</summary>
    [ReadOnly]
    Task<ImmutableArray<OnboardingTemplateSummary>> ListAsync();

    /// <summary>Removes a template and its versions; false when there was none. Assignments keep what they were given.</summary>
    Task<bool> DeleteAsync(string templateId, string? actor);
}

/// <summary>A validated template without its version, as the gateway hands it over.</summary>
[Immutable]
public sealed record OnboardingTemplateDraft(
    string TemplateId,
    string Name,
    string? Description,
    ImmutableArray<string> HarnessTypes,
    PromptPack PromptPack,
    ImmutableArray<McpToolBinding> Tools);
