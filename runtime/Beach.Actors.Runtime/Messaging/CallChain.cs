namespace Beach.Actors.Runtime.Messaging;

/// <summary>
/// The grains a call passed through, newest first. Carried by every message so that a call back into a busy,
/// non-reentrant grain of the same chain is refused as a deadlock instead of waiting forever.
/// </summary>
internal sealed class CallChain(GrainId grainId, CallChain? parent)
{
    public GrainId GrainId { get; } = grainId;

    public CallChain? Parent { get; } = parent;

    public bool Contains(GrainId grainId)
    {
        for (var node = this; node is not null; node = node.Parent)
        {
            if (node.GrainId == grainId)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The cycle that calling <paramref name="target"/> again would close, from the target's first entry onward.</summary>
    public IReadOnlyList<GrainId> CycleTo(GrainId target)
    {
        var path = new List<GrainId>();
        for (var node = this; node is not null; node = node.Parent)
        {
            path.Add(node.GrainId);
            if (node.GrainId == target)
            {
                break;
            }
        }

        path.Reverse();
        path.Add(target);
        return path;
    }
}
