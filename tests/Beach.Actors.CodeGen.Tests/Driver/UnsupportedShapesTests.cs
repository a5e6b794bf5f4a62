namespace Beach.Actors.CodeGen.Tests.Driver;

public sealed class UnsupportedShapesTests
{
    private const string Usings = """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Beach.Actors;
        using Beach.Actors.Persistence;
        namespace Sample;

        """;

    [Theory]
    [InlineData("BA0001", "public interface IG : IGrainWithStringKey { void Run(); }")]
    [InlineData("BA0001", "public interface IG : IGrainWithStringKey { int Run(); }")]
    [InlineData("BA0001", "public interface IG : IGrainWithStringKey { IAsyncEnumerable<int> Run(); }")]
    [InlineData("BA0002", "public interface IG : IGrainWithStringKey { Task<T> Run<T>(T value); }")]
    [InlineData("BA0003", "public interface IG<T> : IGrainWithStringKey { Task Run(T value); }")]
    [InlineData("BA0004", "public interface IG : IGrainWithStringKey { Task Run(ref int value); }")]
    [InlineData("BA0004", "public interface IG : IGrainWithStringKey { Task Run(out int value); }")]
    [InlineData("BA0004", "public interface IG : IGrainWithStringKey { Task Run(in int value); }")]
    [InlineData("BA0005", "public interface IG : IGrain { Task Run(); }")]
    [InlineData("BA0006", "public interface IG : IGrainWithStringKey, IGrainWithGuidKey { Task Run(); }")]
    [InlineData("BA0007", "public sealed class G : Grain { private G() { } }")]
    [InlineData("BA0008", "public sealed class G : Grain { public G(int a) { } public G(string b) { } }")]
    [InlineData("BA0009", "public interface IG : IGrainWithStringKey { int Count { get; } }")]
    [InlineData("BA0010", "public sealed class G([PersistentState(\"s\")] string state) : Grain { }")]
    [InlineData("BA0011", "public sealed class G<T> : Grain { }")]
    [InlineData("BA0012", "public interface IG : IGrainWithStringKey { [ResponseTimeout(\"soon\")] Task Run(); }")]
    [InlineData("BA0013", "public class Outer { private interface IG : IGrainWithStringKey { Task Run(); } }")]
    public void Unsupported_shape_is_reported(string expectedId, string source)
    {
        var run = GeneratorHarness.Run(Usings + source);

        run.GeneratorDiagnosticIds.ShouldBe([expectedId]);
        run.GeneratorDiagnostics.Single().Severity.ShouldBe(Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
    }

    [Fact]
    public void Diagnostic_names_the_method_and_what_to_do()
    {
        var run = GeneratorHarness.Run(Usings + "public interface IG : IGrainWithStringKey { void Run(); }");

        var message = run.GeneratorDiagnostics.Single().GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        message.ShouldBe("Grain method 'Sample.IG.Run' returns 'void'; grain methods must return Task, Task<T>, ValueTask or ValueTask<T>");
        var where = run.GeneratorDiagnostics.Single().Location.GetLineSpan();
        where.Path.ShouldBe("Sample0.cs");
        where.StartLinePosition.Line.ShouldBe(5);
    }

    [Fact]
    public void Interface_inheriting_an_unsupported_method_is_reported_on_itself_and_not_generated()
    {
        var run = GeneratorHarness.Run(Usings + """
            public interface IBase : IGrainWithStringKey { void Run(); }
            public interface IDerived : IBase { Task Other(); }
            """);

        run.GeneratorDiagnosticIds.ShouldBe(["BA0001", "BA0001"]);
        run.GeneratorDiagnostics.Select(static d => d.Location.SourceSpan).Distinct().Count().ShouldBe(2);
        run.GeneratedFileNames.ShouldBeEmpty();
    }

    [Fact]
    public void Unsupported_interface_is_left_out_but_the_rest_still_compiles()
    {
        var run = GeneratorHarness.Run(Usings + """
            public interface IBroken : IGrainWithStringKey { void Run(); }
            public interface IFine : IGrainWithStringKey { Task Run(); }
            """);

        run.GeneratedFileNames.ShouldBe(["Sample_IFine.g.cs", "GrainRegistry.g.cs"], ignoreOrder: true);
        run.CompilationProblems.ShouldBeEmpty();
    }
}
