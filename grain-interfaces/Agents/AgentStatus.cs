namespace Beach.Actors.Agents;

/// <summary>An agent's lifecycle state (seed 003, "Lifecycle States"), plus <see cref="Retired"/>, which is final.</summary>
public enum AgentStatus
{
    /// <summary>Found by a discovery scan; waits to be registered.</summary>
    Discovered,

    /// <summary>Has an id and its configuration; not started yet.</summary>
    Registered,

    /// <summary>Started; its heartbeats are watched.</summary>
    Running,

    /// <summary>Stopped on purpose; its state is kept.</summary>
    Stopped,

    /// <summary>Reported an error or missed its heartbeats; its restart policy decides what comes next.</summary>
    Failed,

    /// <summary>Taken out of service for good; no transition leaves it.</summary>
    Retired,
}
