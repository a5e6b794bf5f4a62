using System.Net;
using System.Net.Http.Headers;
using Beach.Actors.Gateway.Security;
using Beach.Actors.Testing;

namespace Beach.Actors.Gateway.Tests.Support;

/// <summary>
/// A gateway on a fake clock with what onboarding needs: sessions, an agent and a template, driven over real HTTP by
/// an admin (<see cref="Admin"/>) and by clients for any token (<see cref="As"/>), disposed with the host.
/// </summary>
internal sealed class OnboardingFixture : IAsyncDisposable
{
    public const string TEMPLATE = "ops-runbook";

    private readonly List<HttpClient> _clients = [];

    private OnboardingFixture(GatewayHost host, ManualTimeProvider clock)
    {
        Host = host;
        Clock = clock;
        Admin = new AgentApi(host.Http);
    }

    public GatewayHost Host { get; }

    public ManualTimeProvider Clock { get; }

    public AgentApi Admin { get; }

    public static async Task<OnboardingFixture> StartAsync()
    {
        var clock = new ManualTimeProvider();
        return new OnboardingFixture(await GatewayHost.StartAsync(clock), clock);
    }

    /// <summary>A template of <see cref="TEMPLATE"/> for terminal_shim sessions with the tools beach_state and run_step → beach_action.</summary>
    public static object Template(string id = TEMPLATE, string[]? harnessTypes = null, object[]? tools = null) => new
    {
        TemplateId = id,
        Name = "Ops Runbook",
        Description = "Runs the runbook on a terminal.",
        HarnessTypes = harnessTypes ?? ["terminal_shim"],
        PromptPack = new { System = "You run the ops runbook.", Prompts = new Dictionary<string, string> { ["on_start"] = "Read the state first." } },
        Tools = tools ?? [new { Name = "beach_state" }, new { Name = "run_step", MapsTo = "beach_action", Description = "Runs one step." }],
    };

    public async Task RegisterSessionAsync(string sessionId, string harnessType = "terminal_shim")
    {
        var reply = await Admin.SendAsync(HttpMethod.Post, "/sessions/register", new { SessionId = sessionId, HarnessId = "h-" + sessionId, HarnessType = harnessType, Capabilities = Array.Empty<string>() });
        reply.Status.ShouldBe(HttpStatusCode.Created, reply.Json.ToString());
    }

    public async Task<AgentReply> CreateTemplateAsync(object? template = null)
        => await Admin.SendAsync(HttpMethod.Post, "/onboarding/templates", template ?? Template());

    public Task<AgentReply> OnboardAsync(string agentId, params string[] sessions)
        => Admin.SendAsync(HttpMethod.Post, $"/agents/{agentId}/onboard", new { TemplateId = TEMPLATE, SessionIds = sessions });

    /// <summary>Sessions s1 (terminal_shim), an agent and the template; the agent's id.</summary>
    public async Task<string> PrepareAsync(params string[] sessions)
    {
        foreach (var session in sessions.Length == 0 ? ["s1"] : sessions)
        {
            await RegisterSessionAsync(session);
        }

        (await CreateTemplateAsync()).Status.ShouldBe(HttpStatusCode.Created);
        return await Admin.RegisterIdAsync();
    }

    /// <summary>Calls as <paramref name="token"/>.</summary>
    public AgentApi As(string token)
    {
        var http = new HttpClient { BaseAddress = Host.Address, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _clients.Add(http);
        return new AgentApi(http);
    }

    /// <summary>A token of the test tenant with <paramref name="roles"/> (and scopes, and an agent binding), valid a day of the fake clock.</summary>
    public string MintToken(string[] roles, string[]? scopes = null, string? agentId = null)
        => TokenIssuer.MintDevelopment(Host.DevelopmentKey, new TokenRequest("role-test", GatewayHost.TENANT, scopes ?? [], TimeSpan.FromDays(1)) { Roles = roles, AgentId = agentId }, Clock);

    public static object Actions(string leaseId, long fencingToken, int count)
        => new { LeaseId = leaseId, FencingToken = fencingToken, Actions = Enumerable.Range(0, count).Select(_ => new { Kind = "terminal_write" }).ToArray() };

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await Host.DisposeAsync();
    }
}
