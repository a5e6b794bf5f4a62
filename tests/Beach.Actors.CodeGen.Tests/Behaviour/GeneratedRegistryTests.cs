using Beach.Actors.Audit;
using Beach.Actors.CodeGen.Tests.Samples;
using Beach.Actors.CodeGen.Tests.Support;
using Beach.Actors.Invocation;

namespace Beach.Actors.CodeGen.Tests.Behaviour;

public sealed class GeneratedRegistryTests
{
    private readonly RecordingRegistryBuilder _registry = RecordingRegistryBuilder.ForTestAssembly();

    [Fact]
    public void Registers_each_grain_interface_with_its_key_kind()
    {
        _registry.Interfaces.Keys.ShouldBe(
            [typeof(ICounterGrain), typeof(INamedGrain), typeof(IPlayerGrain), typeof(IScoreboardGrain)],
            ignoreOrder: true);
        _registry.Interfaces[typeof(ICounterGrain)].KeyKind.ShouldBe(GrainKeyKind.String);
        _registry.Interfaces[typeof(INamedGrain)].KeyKind.ShouldBe(GrainKeyKind.Guid);
        _registry.Interfaces[typeof(IPlayerGrain)].KeyKind.ShouldBe(GrainKeyKind.Guid);
        _registry.Interfaces[typeof(IScoreboardGrain)].KeyKind.ShouldBe(GrainKeyKind.Integer);
    }

    [Fact]
    public async Task Derived_interface_reference_calls_inherited_method_under_its_declaring_interface()
    {
        var target = new NamedTarget();
        var invoker = new DirectCallInvoker(target);
        var player = (IPlayerGrain)_registry.Interfaces[typeof(IPlayerGrain)].Create(new GrainId("player", Guid.Empty.ToString()), invoker);

        await player.Rename("ada");

        (await player.GetName()).ShouldBe("ada");
        invoker.Sent.Select(static r => r.Method.ToString()).ShouldBe([
            "Beach.Actors.CodeGen.Tests.Samples.IPlayerGrain.Rename",
            "Beach.Actors.CodeGen.Tests.Samples.INamedGrain.GetName",
        ]);
    }

    [Fact]
    public void Grain_class_descriptor_names_type_interfaces_and_reentrancy()
    {
        var player = _registry.GrainClasses[typeof(PlayerGrain)];
        player.GrainType.ShouldBe("player");
        player.Interfaces.ShouldBe([typeof(IPlayerGrain), typeof(INamedGrain)], ignoreOrder: true);
        player.IsReentrant.ShouldBeTrue();

        var scoreboard = _registry.GrainClasses[typeof(ScoreboardGrain)];
        scoreboard.GrainType.ShouldBe("board");
        scoreboard.Interfaces.ShouldBe([typeof(IScoreboardGrain)]);
        scoreboard.IsReentrant.ShouldBeFalse();
    }

    [Fact]
    public void Grain_factory_resolves_each_parameter_through_the_activation_context()
    {
        var context = new RecordingActivationContext(TimeProvider.System);

        // Arguments are resolved before Grain's constructor runs; outside an activation that constructor refuses.
        var exception = Should.Throw<InvalidOperationException>(() => _registry.GrainClasses[typeof(PlayerGrain)].Create(context));

        exception.Message.ShouldContain("can only be created by the runtime");
        context.Requests.ShouldBe([
            "state PlayerProfile profile store",
            $"required {nameof(TimeProvider)}",
            $"optional {nameof(IAuditLog)}",
        ]);
    }

    private sealed class NamedTarget : IPlayerGrain
    {
        private string _name = string.Empty;

        public Task<string> GetName() => Task.FromResult(_name);

        public ValueTask Rename(string name)
        {
            _name = name;
            return ValueTask.CompletedTask;
        }
    }
}
