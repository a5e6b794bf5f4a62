namespace Beach.Actors.CodeGen.Tests.Driver;

public sealed class SupportedShapesTests
{
    private const string Sources = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Beach.Actors;
        using Beach.Actors.Persistence;

        namespace Sample;

        public enum Tier { Free, Paid }

        [Immutable]
        public sealed record Quote(string Text);

        public interface IBaseGrain : IGrainWithStringKey
        {
            Task<string?> Describe(string? hint);
            Task Ping();
        }

        public interface IHas<T>
        {
            Task<T> Get();
        }

        public interface IOtherBaseGrain : IGrainWithStringKey, IHas<int>
        {
            // Same name and signature as IBaseGrain.Ping: explicit implementations keep them apart.
            Task Ping();
        }

        [Reentrant]
        public interface IShopGrain : IBaseGrain, IOtherBaseGrain
        {
            Task<int> Count(int @class, params int[] values);
            Task<int> Count(string text, int start = 3);
            [ReadOnly, AlwaysInterleave, ResponseTimeout("00:01:30")]
            ValueTask<IReadOnlyList<Quote>> Quotes(Tier tier, CancellationToken cancellationToken = default);
            ValueTask Forget(Guid id, CancellationToken cancellationToken);
            Task<(int A, string B)> Pair(Dictionary<string, List<int>> map);
            Task<int> Optional(int? maybe, string text = "x");
            static int Helper() => 1;
            Task Default() => Task.CompletedTask;
        }

        public partial interface IPartialGrain : IGrainWithIntegerKey
        {
            Task<long> One();
        }

        public partial interface IPartialGrain
        {
            Task<long> Two();
        }

        public static class Outer
        {
            public interface INestedGrain : IGrainWithGuidKey
            {
                Task<Guid> Id();
            }
        }

        public sealed class ShopState
        {
            public int Items { get; set; }
        }

        public abstract class GrainBase : Grain;

        public sealed class ShopGrain(
            [PersistentState("shop")] IPersistentState<ShopState> state,
            TimeProvider clock,
            IServiceProvider? services,
            Tier tier = Tier.Paid,
            int retries = 4,
            string name = "shop",
            string? label = null) : GrainBase, IShopGrain
        {
            public Task<string?> Describe(string? hint) => Task.FromResult(hint);
            public Task Ping() => Task.CompletedTask;
            public Task<int> Get() => Task.FromResult(0);
            public Task<int> Count(int @class, params int[] values) => Task.FromResult(values.Length);
            public Task<int> Count(string text, int start = 3) => Task.FromResult(start);
            public ValueTask<IReadOnlyList<Quote>> Quotes(Tier tier, CancellationToken cancellationToken = default) => new([]);
            public ValueTask Forget(Guid id, CancellationToken cancellationToken) => default;
            public Task<(int A, string B)> Pair(Dictionary<string, List<int>> map) => Task.FromResult((1, "b"));
            public Task<int> Optional(int? maybe, string text = "x") => Task.FromResult(maybe ?? 0);
            public override string ToString() => $"{state}{clock}{services}{tier}{retries}{name}{label}";
        }

        internal sealed class PartialGrain : Grain, IPartialGrain
        {
            public PartialGrain() { }
            public PartialGrain(TimeProvider clock) { _ = clock; }
            public Task<long> One() => Task.FromResult(1L);
            public Task<long> Two() => Task.FromResult(2L);
        }

        public sealed class NestedGrain : Grain, Outer.INestedGrain
        {
            public Task<Guid> Id() => Task.FromResult(Guid.Empty);
        }
        """;

    [Fact]
    public void Supported_shapes_generate_without_diagnostics_and_compile_cleanly()
    {
        var run = GeneratorHarness.Run(Sources);

        run.GeneratorDiagnostics.ShouldBeEmpty();
        run.CompilationProblems.Select(static d => d.ToString()).ShouldBeEmpty();
    }

    [Fact]
    public void Each_grain_interface_gets_one_file_and_the_assembly_one_registry()
    {
        var run = GeneratorHarness.Run(Sources);

        run.GeneratedFileNames.ShouldBe(
            [
                "Sample_IBaseGrain.g.cs", "Sample_IOtherBaseGrain.g.cs", "Sample_IShopGrain.g.cs",
                "Sample_IPartialGrain.g.cs", "Sample_Outer_INestedGrain.g.cs", "GrainRegistry.g.cs",
            ],
            ignoreOrder: true);
    }

    [Fact]
    public void Registry_resolves_constructor_parameters_by_kind()
    {
        var registry = GeneratorHarness.Run(Sources).GeneratedSource("GrainRegistry");

        registry.ShouldContain("[assembly: global::Beach.Actors.Invocation.GeneratedGrainRegistry(typeof(global::Beach.Actors.Generated.Sample_Grains.GrainRegistry))]");
        registry.ShouldContain("ctx.GetPersistentState<global::Sample.ShopState>(\"shop\", null)");
        registry.ShouldContain("ctx.GetRequiredService<global::System.TimeProvider>()");
        registry.ShouldContain("ctx.GetService<global::System.IServiceProvider?>()");
        registry.ShouldContain("ctx.GetService<global::Sample.Tier?>() ?? (global::Sample.Tier)(1)");
        registry.ShouldContain("ctx.GetService<int?>() ?? (int)(4)");
        registry.ShouldContain("ctx.GetService<string>() ?? \"shop\"");
        registry.ShouldContain("ctx.GetService<string?>()");
        // The longest public constructor wins.
        registry.ShouldContain("new global::Sample.PartialGrain(ctx.GetRequiredService<global::System.TimeProvider>())");
        registry.ShouldContain("\"partial\"");
        registry.ShouldContain("\"nested\"");
    }

    [Fact]
    public void Request_descriptor_carries_options_and_timeout()
    {
        var shop = GeneratorHarness.Run(Sources).GeneratedSource("Sample_IShopGrain");

        shop.ShouldContain(
            "new(\"Sample.IShopGrain\", \"Quotes\", global::Beach.Actors.Invocation.InvokeMethodOptions.ReadOnly | global::Beach.Actors.Invocation.InvokeMethodOptions.AlwaysInterleave, global::System.TimeSpan.FromTicks(900000000), \"Sample.IShopGrain.Quotes(Sample.Tier,System.Threading.CancellationToken)\")");
        shop.ShouldContain("new(\"Sample.IBaseGrain\", \"Describe\", global::Beach.Actors.Invocation.InvokeMethodOptions.None, null, \"Sample.IBaseGrain.Describe(string)\")");
    }

    [Fact]
    public void Method_ids_name_interface_method_and_parameter_types_without_nullability()
    {
        var shop = GeneratorHarness.Run(Sources).GeneratedSource("Sample_IShopGrain");

        shop.ShouldContain("\"Sample.IShopGrain.Count(int,int[])\"");
        shop.ShouldContain("\"Sample.IShopGrain.Count(string,int)\"");
        shop.ShouldContain("\"Sample.IShopGrain.Pair(System.Collections.Generic.Dictionary<string, System.Collections.Generic.List<int>>)\"");
        shop.ShouldContain("\"Sample.IShopGrain.Optional(int?,string)\"");
        shop.ShouldContain("\"Sample.IHas<int>.Get()\"");
    }

    [Fact]
    public void Requests_write_each_argument_with_its_static_type_and_leave_the_token_out()
    {
        var shop = GeneratorHarness.Run(Sources).GeneratedSource("Sample_IShopGrain");

        shop.ShouldContain("global::System.Text.Json.JsonSerializer.Serialize<global::Sample.Tier>(writer, _arg0, options);");
        shop.ShouldContain("global::System.Text.Json.JsonSerializer.Deserialize<global::System.Collections.Generic.Dictionary<string, global::System.Collections.Generic.List<int>>>(ref reader, options)!;");
        shop.ShouldNotContain("Serialize<global::System.Threading.CancellationToken>");
    }

    [Fact]
    public void Registry_registers_one_reader_per_method_id()
    {
        var registry = GeneratorHarness.Run(Sources).GeneratedSource("GrainRegistry");

        registry.ShouldContain("builder.AddMethod(global::Beach.Actors.Generated.Sample_Grains.Sample_IShopGrainReference.QuotesRequest.Descriptor, global::Beach.Actors.Generated.Sample_Grains.Sample_IShopGrainReference.QuotesRequest.ReadArguments);");
        // IBaseGrain.Describe is inherited by IShopGrain too, under the same id: registered once.
        System.Text.RegularExpressions.Regex.Matches(registry, "DescribeRequest\\.Descriptor").Count.ShouldBe(1);
    }

    [Fact]
    public void Assembly_without_grains_gets_no_registry()
    {
        var run = GeneratorHarness.Run("namespace Sample; public interface IPlain { void Run(); }");

        run.GeneratedFileNames.ShouldBeEmpty();
        run.GeneratorDiagnostics.ShouldBeEmpty();
    }

    [Fact]
    public void Unrelated_edit_reuses_every_grain_model()
    {
        var run = GeneratorHarness.Run(Sources);
        var edited = run.Input.AddSyntaxTrees(
            Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("namespace Sample; internal static class Unrelated { }", path: "Unrelated.cs"));

        var rerun = run.Driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var step in new[] { GrainCodeGenerator.InterfacesStep, GrainCodeGenerator.ClassesStep })
        {
            rerun.TrackedSteps[step]
                .SelectMany(static s => s.Outputs)
                .ShouldAllBe(static o => o.Reason == Microsoft.CodeAnalysis.IncrementalStepRunReason.Cached
                    || o.Reason == Microsoft.CodeAnalysis.IncrementalStepRunReason.Unchanged);
        }
    }
}
