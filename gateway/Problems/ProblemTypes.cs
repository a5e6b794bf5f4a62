namespace Beach.Actors.Gateway.Problems;

/// <summary>The <c>type</c> URIs of the gateway's problem documents: one per kind of error a caller can act on.</summary>
internal static class ProblemTypes
{
    private const string PREFIX = "urn:beach-actors:problem:";

    public const string Validation = PREFIX + "validation";
    public const string MalformedJson = PREFIX + "malformed-json";
    public const string UnsupportedMediaType = PREFIX + "unsupported-media-type";
    public const string BodyTooLarge = PREFIX + "body-too-large";
    public const string NotFound = PREFIX + "not-found";
    public const string MethodNotAllowed = PREFIX + "method-not-allowed";
    public const string SessionNotFound = PREFIX + "session-not-found";
    public const string SessionConflict = PREFIX + "session-conflict";
    public const string LeaseHeld = PREFIX + "lease-held";
    public const string LeaseNotHeld = PREFIX + "lease-not-held";
    public const string StaleFencingToken = PREFIX + "stale-fencing-token";
    public const string ActionQueueFull = PREFIX + "action-queue-full";
    public const string ConcurrentChange = PREFIX + "concurrent-change";
    public const string Overloaded = PREFIX + "overloaded";
    public const string OutcomeUnknown = PREFIX + "outcome-unknown";
    public const string Unavailable = PREFIX + "unavailable";
    public const string Internal = PREFIX + "internal";
    public const string AgentNotFound = PREFIX + "agent-not-found";
    public const string AgentDuplicate = PREFIX + "agent-duplicate";
    public const string AgentTransition = PREFIX + "agent-transition-not-allowed";
    public const string AgentConfigVersionNotFound = PREFIX + "agent-config-version-not-found";
    public const string AgentRegistryFull = PREFIX + "agent-registry-full";
    public const string DiscoveryTokenRequired = PREFIX + "discovery-token-required";
    public const string DiscoveryNotConfigured = PREFIX + "discovery-not-configured";
    public const string TemplateNotFound = PREFIX + "template-not-found";
    public const string TemplateCatalogFull = PREFIX + "template-catalog-full";
    public const string RoleNotFound = PREFIX + "role-not-found";
    public const string RoleCatalogFull = PREFIX + "role-catalog-full";
    public const string HarnessTypeMismatch = PREFIX + "harness-type-mismatch";
    public const string NotEntitled = PREFIX + "not-entitled";
    public const string AgentAlreadyOnboarded = PREFIX + "agent-already-onboarded";
    public const string AgentNotOnboardable = PREFIX + "agent-not-onboardable";
    public const string AgentNotOnboarded = PREFIX + "agent-not-onboarded";
    public const string AssignmentEnded = PREFIX + "assignment-ended";
    public const string OnboardingUnavailable = PREFIX + "onboarding-unavailable";
}
