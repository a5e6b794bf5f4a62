using System.Linq;
using System.Threading;
using Beach.Actors.CodeGen.Emitting;
using Beach.Actors.CodeGen.Model;
using Beach.Actors.CodeGen.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Beach.Actors.CodeGen;

/// <summary>
/// Generates, for the grain interfaces and grain classes declared in a compilation, the references, requests and
/// registry the runtime calls through instead of reflection.
/// </summary>
/// <remarks>
/// Symbols are read once per declaration into value-equal models; everything downstream compares models, so an
/// edit that does not change a grain's shape regenerates nothing.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed class GrainCodeGenerator : IIncrementalGenerator
{
    /// <summary>The tracking name of the step that reads grain interfaces, for tests of incrementality.</summary>
    public const string InterfacesStep = "GrainInterfaces";

    /// <summary>The tracking name of the step that reads grain classes, for tests of incrementality.</summary>
    public const string ClassesStep = "GrainClasses";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var generatedNamespace = context.CompilationProvider
            .Select(static (compilation, _) => GeneratedFile.NamespaceFor(compilation.AssemblyName));

        var interfaces = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => node is InterfaceDeclarationSyntax { BaseList: not null },
                static (syntax, cancellationToken) => ReadInterface(syntax, cancellationToken))
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(InterfacesStep);

        var classes = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => node is ClassDeclarationSyntax { BaseList: not null },
                static (syntax, cancellationToken) => ReadClass(syntax, cancellationToken))
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(ClassesStep);

        context.RegisterSourceOutput(interfaces.Combine(generatedNamespace), static (output, pair) =>
        {
            var (model, ns) = pair;
            foreach (var diagnostic in model.Diagnostics)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            }

            if (model.CanEmit)
            {
                output.AddSource(model.MangledName + ".g.cs", GrainReferenceEmitter.Emit(model, ns));
            }
        });

        context.RegisterSourceOutput(classes, static (output, model) =>
        {
            foreach (var diagnostic in model.Diagnostics)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });

        var everything = interfaces.Collect().Combine(classes.Collect()).Combine(generatedNamespace);
        context.RegisterSourceOutput(everything, static (output, all) =>
        {
            var ((allInterfaces, allClasses), ns) = all;
            var emittedInterfaces = allInterfaces.Where(static i => i.CanEmit).ToList();
            var emittedClasses = allClasses.Where(static c => c.CanEmit).ToList();
            if (emittedInterfaces.Count == 0 && emittedClasses.Count == 0)
            {
                return;
            }

            output.AddSource(GrainRegistryEmitter.ClassName + ".g.cs", GrainRegistryEmitter.Emit(emittedInterfaces, emittedClasses, ns));
        });
    }

    private static GrainInterfaceModel? ReadInterface(GeneratorSyntaxContext syntax, CancellationToken cancellationToken)
    {
        if (syntax.SemanticModel.GetDeclaredSymbol(syntax.Node, cancellationToken) is not INamedTypeSymbol symbol
            || !IsPrimaryDeclaration(symbol, syntax.Node, cancellationToken)
            || !GrainInterfaceParser.IsGrainInterface(symbol))
        {
            return null;
        }

        return GrainInterfaceParser.Parse(symbol, cancellationToken);
    }

    private static GrainClassModel? ReadClass(GeneratorSyntaxContext syntax, CancellationToken cancellationToken)
    {
        if (syntax.SemanticModel.GetDeclaredSymbol(syntax.Node, cancellationToken) is not INamedTypeSymbol symbol
            || !IsPrimaryDeclaration(symbol, syntax.Node, cancellationToken)
            || !GrainClassParser.IsGrainClass(symbol))
        {
            return null;
        }

        return GrainClassParser.Parse(symbol);
    }

    /// <summary>
    /// Whether <paramref name="node"/> is the first part with a base list of a possibly partial type, so that a type
    /// declared in several parts yields one model rather than one per part.
    /// </summary>
    private static bool IsPrimaryDeclaration(INamedTypeSymbol symbol, SyntaxNode node, CancellationToken cancellationToken)
    {
        var references = symbol.DeclaringSyntaxReferences;
        if (references.Length == 1)
        {
            return true;
        }

        foreach (var reference in references)
        {
            if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax { BaseList: not null } declaration)
            {
                return declaration == node;
            }
        }

        return false;
    }
}
