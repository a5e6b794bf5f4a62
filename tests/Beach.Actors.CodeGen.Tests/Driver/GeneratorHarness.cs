using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Beach.Actors.CodeGen.Tests.Driver;

/// <summary>Runs the generator over sample sources the way the compiler would, against the framework and Abstractions only.</summary>
internal static class GeneratorHarness
{
    // Diagnose doc comments as a project with GenerateDocumentationFile would, so that badly formed generated XML fails.
    private static readonly CSharpParseOptions s_parseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    private static readonly ImmutableArray<MetadataReference> s_references = LoadReferences();

    public static GeneratorRun Run(params string[] sources)
    {
        var compilation = CreateCompilation(sources);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new GrainCodeGenerator().AsSourceGenerator()],
            parseOptions: s_parseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        return new GeneratorRun(driver, compilation, output, generatorDiagnostics);
    }

    public static CSharpCompilation CreateCompilation(params string[] sources)
        => CSharpCompilation.Create(
            "Sample.Grains",
            sources.Select(static (s, i) => CSharpSyntaxTree.ParseText(s, s_parseOptions, path: $"Sample{i}.cs")),
            s_references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
                // The samples are undocumented on purpose, as Directory.Build.props allows; generated types are internal.
                .WithSpecificDiagnosticOptions([new("CS1591", ReportDiagnostic.Suppress)]));

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        // The framework's own assemblies only: the test assembly's dependencies would drag its sample grains in too.
        var frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var framework = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetDirectoryName(path) == frameworkDirectory);
        return [.. framework.Append(typeof(Grain).Assembly.Location).Distinct().Select(static p => MetadataReference.CreateFromFile(p))];
    }
}

/// <summary>One generator run: what it wrote, what it reported, and the compilation with its output added.</summary>
internal sealed record GeneratorRun(
    GeneratorDriver Driver,
    Compilation Input,
    Compilation Output,
    ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    public IEnumerable<string> GeneratorDiagnosticIds => GeneratorDiagnostics.Select(static d => d.Id);

    /// <summary>Warnings and errors of the compilation with the generated code, as a warnings-as-errors build sees them.</summary>
    public IEnumerable<Diagnostic> CompilationProblems
        => Output.GetDiagnostics().Where(static d => d.Severity >= DiagnosticSeverity.Warning);

    public string GeneratedSource(string hintNameStart)
        => Driver.GetRunResult().GeneratedTrees
            .Single(t => Path.GetFileName(t.FilePath).StartsWith(hintNameStart, StringComparison.Ordinal))
            .ToString();

    public IReadOnlyList<string> GeneratedFileNames
        => [.. Driver.GetRunResult().GeneratedTrees.Select(static t => Path.GetFileName(t.FilePath))];
}
