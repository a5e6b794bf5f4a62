namespace Beach.Actors.Cluster.Tests.Support;

/// <summary>
/// What an abrupt kill takes from an in-process silo: once thrown, its clock fires no timer and its storage, audit
/// log and membership table refuse every call, as they would for a process that no longer exists.
/// </summary>
internal sealed class KillSwitch
{
    private volatile bool _killed;

    public bool IsKilled => _killed;

    public void Kill() => _killed = true;

    public void ThrowIfKilled()
    {
        if (_killed)
        {
            throw new IOException("This silo was killed.");
        }
    }
}
