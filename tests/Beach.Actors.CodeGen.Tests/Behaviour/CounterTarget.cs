using Beach.Actors.CodeGen.Tests.Samples;

namespace Beach.Actors.CodeGen.Tests.Behaviour;

/// <summary>A plain object standing in for the activation, recording what each call delivered.</summary>
internal sealed class CounterTarget : ICounterGrain
{
    public int Value { get; private set; }

    public int Touches { get; private set; }

    public CancellationToken LastToken { get; private set; }

    public List<int>? LastValues { get; private set; }

    public Badge? LastBadge { get; private set; }

    public Task<int> Add(int amount) => Task.FromResult(Value += amount);

    public ValueTask<int> Get() => new(Value);

    public Task Reset()
    {
        Value = 0;
        return Task.CompletedTask;
    }

    public async ValueTask Touch()
    {
        // Completes asynchronously, so the adapter's slow path runs too.
        await Task.Yield();
        Touches++;
    }

    public Task<string> Echo(string text, CancellationToken cancellationToken)
    {
        LastToken = cancellationToken;
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(text);
    }

    public Task<int> AppendAndCount(List<int> values)
    {
        LastValues = values;
        values.Add(99);
        return Task.FromResult(values.Count);
    }

    public Task<bool> Keep(Badge badge)
    {
        LastBadge = badge;
        return Task.FromResult(true);
    }

    public Task Fail(string message) => throw new InvalidOperationException(message);
}
