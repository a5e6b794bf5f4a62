using System.Collections.Immutable;

namespace Beach.Actors.Runtime.Tests.Grains;

public interface ITurnGrain : IGrainWithStringKey
{
    /// <summary>Enters, yields to let others in if they could, and leaves.</summary>
    Task<int> Touch();

    /// <summary>Enters and waits for the probe's gate.</summary>
    Task Hold();

    [ReadOnly]
    Task HoldReadOnly();

    [AlwaysInterleave]
    Task<int> Peek();

    Task<int> WaitForCancellation(CancellationToken cancellationToken);
}

public interface IReentrantTurnGrain : IGrainWithGuidKey
{
    Task Hold();
}

public interface ICycleGrain : IGrainWithIntegerKey
{
    Task<string> CallThrough(long next, long last);

    Task<string> Echo();
}

public interface IStateGrain : IGrainWithStringKey
{
    Task Set(int value);

    [ReadOnly]
    Task<int> Get();

    Task Deactivate();
}

public interface ITimerGrain : IGrainWithStringKey
{
    Task Start(TimeSpan period, bool holdInTick, bool interleave = true);

    /// <summary>Asks to be deactivated, then holds the turn until the probe's gate opens.</summary>
    Task HoldAndDeactivate();

    Task<int> TicksSeen();
}

public interface ICopyGrain : IGrainWithStringKey
{
    Task<List<int>> Keep(List<int> values);

    [ReadOnly]
    Task<List<int>> Kept();

    Task<ImmutableArray<int>> KeepImmutable(ImmutableArray<int> values);

    Task<Sealed> SealedValue(int value);

    /// <summary>Returns a node whose Next is itself: a graph the copier cannot copy.</summary>
    Task<Node> SelfReferencing();
}

public sealed class Sealed
{
    public Sealed(int value) => Value = value;

    public Sealed()
    {
    }

    public int Value { get; private set; }
}

public sealed class Node
{
    public int Value { get; set; }

    public Node? Next { get; set; }
}

public interface IReaderGrain : IGrainWithIntegerKey
{
    /// <summary>Enters, waits for the probe's gate, then asks <paramref name="other"/> to read back from this grain.</summary>
    [ReadOnly]
    Task<string> AskOther(long other);

    [ReadOnly]
    Task<string> AskBack(long origin);

    [ReadOnly]
    Task<string> Read();

    Task Write();
}
