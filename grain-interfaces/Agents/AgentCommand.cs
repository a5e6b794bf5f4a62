namespace Beach.Actors.Agents;

/// <summary>What a caller (or the agent's restart policy) asks of an agent's lifecycle.</summary>
public enum AgentCommand
{
    /// <summary>Discovered → Registered.</summary>
    Register,

    /// <summary>Registered, Stopped or Failed → Running.</summary>
    Start,

    /// <summary>Running → Stopped.</summary>
    Stop,

    /// <summary>Running → Failed: the agent (or its supervisor) reports a fatal error.</summary>
    Fail,

    /// <summary>Any state but Retired → Retired.</summary>
    Retire,
}
