using Beach.Actors.CodeGen.Tests.Samples;
using Beach.Actors.CodeGen.Tests.Support;
using Beach.Actors.Invocation;

namespace Beach.Actors.CodeGen.Tests.Behaviour;

public sealed class GeneratedReferenceTests
{
    private readonly CounterTarget _target = new();
    private readonly DirectCallInvoker _invoker;
    private readonly ICounterGrain _counter;

    public GeneratedReferenceTests()
    {
        _invoker = new DirectCallInvoker(_target);
        var registration = RecordingRegistryBuilder.ForTestAssembly().Interfaces[typeof(ICounterGrain)];
        _counter = (ICounterGrain)registration.Create(new GrainId("counter", "a"), _invoker);
    }

    [Fact]
    public async Task Task_of_T_carries_argument_and_result()
    {
        (await _counter.Add(5)).ShouldBe(5);
        (await _counter.Add(2)).ShouldBe(7);
    }

    [Fact]
    public async Task ValueTask_of_T_returns_result()
    {
        await _counter.Add(3);

        (await _counter.Get()).ShouldBe(3);
    }

    [Fact]
    public async Task Void_Task_and_ValueTask_complete_after_the_call()
    {
        await _counter.Add(3);
        await _counter.Reset();
        await _counter.Touch();

        _target.Value.ShouldBe(0);
        _target.Touches.ShouldBe(1);
    }

    [Fact]
    public async Task Exception_thrown_by_grain_reaches_caller()
    {
        var exception = await Should.ThrowAsync<InvalidOperationException>(() => _counter.Fail("boom"));

        exception.Message.ShouldBe("boom");
    }

    [Fact]
    public async Task CancellationToken_flows_to_the_grain()
    {
        using var source = new CancellationTokenSource();

        (await _counter.Echo("hi", source.Token)).ShouldBe("hi");

        _target.LastToken.ShouldBe(source.Token);
        _invoker.Sent.Single().HasCancellationToken.ShouldBeTrue();
        _invoker.Sent.Single().CancellationToken.ShouldBe(source.Token);
    }

    [Fact]
    public async Task Cancelled_token_cancels_the_call()
    {
        using var source = new CancellationTokenSource();
        await source.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => _counter.Echo("hi", source.Token));
    }

    [Fact]
    public async Task Method_without_token_has_none()
    {
        await _counter.Add(1);

        _invoker.Sent.Single().HasCancellationToken.ShouldBeFalse();
    }

    [Fact]
    public async Task Descriptor_reflects_method_attributes()
    {
        await _counter.Add(1);
        await _counter.Get();
        await _counter.Echo("x", CancellationToken.None);
        await _counter.AppendAndCount([]);

        var methods = _invoker.Sent.Select(static r => r.Method).ToList();
        methods.Select(static m => m.MethodName).ShouldBe(["Add", "Get", "Echo", "AppendAndCount"]);
        methods.ShouldAllBe(static m => m.InterfaceName == "Beach.Actors.CodeGen.Tests.Samples.ICounterGrain");
        methods[0].Options.ShouldBe(InvokeMethodOptions.None);
        methods[1].Options.ShouldBe(InvokeMethodOptions.ReadOnly);
        methods[2].Options.ShouldBe(InvokeMethodOptions.AlwaysInterleave);
        methods[0].ResponseTimeout.ShouldBeNull();
        methods[3].ResponseTimeout.ShouldBe(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Each_call_shares_one_descriptor_per_method()
    {
        await _counter.Add(1);
        await _counter.Add(2);

        _invoker.Sent[0].Method.ShouldBeSameAs(_invoker.Sent[1].Method);
    }

    [Fact]
    public async Task Mutable_argument_is_copied_so_grain_and_caller_stay_apart()
    {
        var values = new List<int> { 1, 2 };

        (await _counter.AppendAndCount(values)).ShouldBe(3);

        values.ShouldBe([1, 2]);
        _target.LastValues.ShouldNotBeSameAs(values);
    }

    [Fact]
    public async Task Immutable_argument_is_shared()
    {
        var badge = new Badge("gold");

        await _counter.Keep(badge);

        _target.LastBadge.ShouldBeSameAs(badge);
    }

    [Fact]
    public void References_address_their_grain()
    {
        var reference = (GrainReference)_counter;

        reference.GrainId.ShouldBe(new GrainId("counter", "a"));
    }
}
