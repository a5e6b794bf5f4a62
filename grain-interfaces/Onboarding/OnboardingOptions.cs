namespace Beach.Actors.Onboarding;

/// <summary>Onboarding's bounds and the anomaly rule. Bound from the silo's <c>Onboarding</c> configuration section.</summary>
public sealed class OnboardingOptions
{
    /// <summary>The lifetime of an onboarded agent's token: 5 minutes, the most seed 000 allows ("short-lived tokens (≤5 min)").</summary>
    public static readonly TimeSpan MAX_TOKEN_LIFETIME = TimeSpan.FromMinutes(5);

    /// <summary>Accepted actions of one assignment within one second above which the anomaly rule revokes it.</summary>
    public const int DEFAULT_MAX_ACTIONS_PER_SECOND = 50;

    /// <summary>Stale fencing tokens within <see cref="DEFAULT_STALE_FENCING_WINDOW_SECONDS"/> at which the anomaly rule revokes.</summary>
    public const int DEFAULT_MAX_STALE_FENCING_TOKENS = 3;

    /// <summary>The window the stale fencing tokens are counted in.</summary>
    public const int DEFAULT_STALE_FENCING_WINDOW_SECONDS = 60;

    /// <summary>Target sessions of one onboarding; more is refused (400).</summary>
    public const int DEFAULT_MAX_SESSIONS_PER_ASSIGNMENT = 16;

    /// <summary>Templates one tenant keeps; creating one more is refused (409 <c>template-catalog-full</c>).</summary>
    public const int DEFAULT_MAX_TEMPLATES = 256;

    /// <summary>Versions kept per template; past it the oldest is dropped (assignments keep what they were given).</summary>
    public const int DEFAULT_MAX_TEMPLATE_VERSIONS = 20;

    /// <summary>
    /// The characters of text (prompts, names, descriptions) one tenant's templates may hold in all their kept versions,
    /// so the catalog's grain state stays a few megabytes: a version that would pass it is refused (409
    /// <c>template-catalog-full</c>) until templates are deleted or their old versions dropped.
    /// </summary>
    public const long DEFAULT_MAX_CATALOG_CHARACTERS = 4_000_000;

    /// <summary>Custom roles one tenant may define; one more is refused (409 <c>role-catalog-full</c>).</summary>
    public const int DEFAULT_MAX_CUSTOM_ROLES = 100;

    /// <summary>Agents a tenant may have onboarded at once unless its entitlements say otherwise.</summary>
    public const int DEFAULT_MAX_ONBOARDED_AGENTS = 100;

    /// <summary>The largest <c>max_onboarded_agents</c> an entitlement may grant.</summary>
    public const int MAX_ONBOARDED_AGENTS_LIMIT = 100_000;

    /// <summary>See <see cref="MAX_TOKEN_LIFETIME"/>; may be shorter, never longer.</summary>
    public TimeSpan TokenLifetime { get; set; } = MAX_TOKEN_LIFETIME;

    /// <summary>See <see cref="DEFAULT_MAX_ACTIONS_PER_SECOND"/>.</summary>
    public int MaxActionsPerSecond { get; set; } = DEFAULT_MAX_ACTIONS_PER_SECOND;

    /// <summary>See <see cref="DEFAULT_MAX_STALE_FENCING_TOKENS"/>.</summary>
    public int MaxStaleFencingTokens { get; set; } = DEFAULT_MAX_STALE_FENCING_TOKENS;

    /// <summary>See <see cref="DEFAULT_STALE_FENCING_WINDOW_SECONDS"/>.</summary>
    public TimeSpan StaleFencingWindow { get; set; } = TimeSpan.FromSeconds(DEFAULT_STALE_FENCING_WINDOW_SECONDS);

    /// <summary>See <see cref="DEFAULT_MAX_SESSIONS_PER_ASSIGNMENT"/>.</summary>
    public int MaxSessionsPerAssignment { get; set; } = DEFAULT_MAX_SESSIONS_PER_ASSIGNMENT;

    /// <summary>See <see cref="DEFAULT_MAX_TEMPLATES"/>.</summary>
    public int MaxTemplates { get; set; } = DEFAULT_MAX_TEMPLATES;

    /// <summary>See <see cref="DEFAULT_MAX_TEMPLATE_VERSIONS"/>.</summary>
    public int MaxTemplateVersions { get; set; } = DEFAULT_MAX_TEMPLATE_VERSIONS;

    /// <summary>See <see cref="DEFAULT_MAX_CATALOG_CHARACTERS"/>.</summary>
    public long MaxCatalogCharacters { get; set; } = DEFAULT_MAX_CATALOG_CHARACTERS;

    /// <summary>See <see cref="DEFAULT_MAX_CUSTOM_ROLES"/>.</summary>
    public int MaxCustomRoles { get; set; } = DEFAULT_MAX_CUSTOM_ROLES;

    /// <summary>The token lifetime actually used: <see cref="TokenLifetime"/> held to 1 s – 5 min.</summary>
    public TimeSpan EffectiveTokenLifetime => TokenLifetime < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : TokenLifetime > MAX_TOKEN_LIFETIME ? MAX_TOKEN_LIFETIME : TokenLifetime;
}
