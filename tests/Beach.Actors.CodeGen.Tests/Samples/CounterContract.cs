namespace Beach.Actors.CodeGen.Tests.Samples;

/// <summary>A string-keyed grain interface with every return shape and the scheduling attributes.</summary>
public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> Add(int amount);

    [ReadOnly]
    ValueTask<int> Get();

    Task Reset();

    ValueTask Touch();

    [AlwaysInterleave]
    Task<string> Echo(string text, CancellationToken cancellationToken);

    [ResponseTimeout("00:00:05")]
    Task<int> AppendAndCount(List<int> values);

    Task<bool> Keep(Badge badge);

    Task Fail(string message);
}

/// <summary>An argument the runtime may share between caller and grain.</summary>
[Immutable]
public sealed record Badge(string Name);
