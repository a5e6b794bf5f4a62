using System.Collections.Immutable;

namespace Beach.Actors.Agents;

/// <summary>
/// The lifecycle's transition table: Discovered → Registered → Running ⇄ Stopped, Running → Failed → Running, and any
/// state → Retired. One table, so the grain, the gateway's refusals and the documentation cannot disagree.
/// </summary>
public static class AgentLifecycle
{
    private static readonly ImmutableArray<AgentCommand> s_none = [];

    /// <summary>The state <paramref name="command"/> leads to from <paramref name="from"/>, or null when it is not allowed.</summary>
    public static AgentStatus? Next(AgentStatus from, AgentCommand command) => (from, command) switch
    {
        (AgentStatus.Retired, _) => null,
        (_, AgentCommand.Retire) => AgentStatus.Retired,
        (AgentStatus.Discovered, AgentCommand.Register) => AgentStatus.Registered,
        (AgentStatus.Registered or AgentStatus.Stopped or AgentStatus.Failed, AgentCommand.Start) => AgentStatus.Running,
        (AgentStatus.Running, AgentCommand.Stop) => AgentStatus.Stopped,
        (AgentStatus.Running, AgentCommand.Fail) => AgentStatus.Failed,
        _ => null,
    };

    /// <summary>The commands allowed from <paramref name="from"/>, in declaration order.</summary>
    public static ImmutableArray<AgentCommand> Allowed(AgentStatus from)
        => from == AgentStatus.Retired ? s_none : [.. Enum.GetValues<AgentCommand>().Where(command => Next(from, command) is not null)];

    /// <summary>The API's word for a status: lower case.</summary>
    public static string Name(AgentStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>The API's word for a command: lower case.</summary>
    public static string Name(AgentCommand command) => command.ToString().ToLowerInvariant();
}
