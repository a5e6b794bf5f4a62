using System.Collections.Generic;
using System.Linq;
using Beach.Actors.CodeGen.Model;

namespace Beach.Actors.CodeGen.Emitting;

/// <summary>Writes the assembly's one registry: every reference factory and grain class factory, found without scanning.</summary>
internal static class GrainRegistryEmitter
{
    public const string ClassName = "GrainRegistry";

    public static string Emit(IReadOnlyList<GrainInterfaceModel> interfaces, IReadOnlyList<GrainClassModel> classes, string generatedNamespace)
    {
        var registryType = "global::" + generatedNamespace + "." + ClassName;
        var source = GeneratedFile.Begin()
            .Append("[assembly: global::Beach.Actors.Invocation.GeneratedGrainRegistry(typeof(").Append(registryType).AppendLine("))]")
            .AppendLine()
            .Append("namespace ").Append(generatedNamespace).AppendLine(";")
            .AppendLine()
            .AppendLine("/// <summary>Registers this assembly's grain interfaces and grain classes.</summary>")
            .AppendLine(GeneratedFile.GeneratedCodeAttribute)
            .Append("internal sealed class ").Append(ClassName).AppendLine(" : global::Beach.Actors.Invocation.IGeneratedGrainRegistry")
            .AppendLine("{")
            .AppendLine("    public void Register(global::Beach.Actors.Invocation.IGrainRegistryBuilder builder)")
            .AppendLine("    {");

        foreach (var grainInterface in interfaces)
        {
            source.Append("        builder.AddInterface(typeof(").Append(grainInterface.GlobalName).Append("), ")
                .Append("global::Beach.Actors.Invocation.GrainKeyKind.").Append(grainInterface.KeyKind).Append(", ")
                .Append("static (id, invoker) => new global::").Append(generatedNamespace).Append('.')
                .Append(GrainReferenceEmitter.ReferenceClassName(grainInterface)).AppendLine("(id, invoker));");
        }

        // An inherited method appears in every interface that inherits it, each with an equivalent request: one
        // registration per wire id is enough.
        var methodIds = new HashSet<string>();
        foreach (var grainInterface in interfaces)
        {
            foreach (var method in grainInterface.Methods)
            {
                if (!methodIds.Add(method.Id))
                {
                    continue;
                }

                var request = "global::" + generatedNamespace + "." + GrainReferenceEmitter.ReferenceClassName(grainInterface) + "." + method.RequestClassName;
                source.Append("        builder.AddMethod(").Append(request).Append(".Descriptor, ").Append(request).AppendLine(".ReadArguments);");
            }
        }

        foreach (var grainClass in classes)
        {
            var interfaceTypes = grainClass.Interfaces.Count == 0
                ? "global::System.Array.Empty<global::System.Type>()"
                : "new global::System.Type[] { " + string.Join(", ", grainClass.Interfaces.Select(static i => "typeof(" + i + ")")) + " }";
            source.AppendLine("        builder.AddGrainClass(new global::Beach.Actors.Invocation.GrainClassDescriptor(")
                .Append("            typeof(").Append(grainClass.GlobalName).AppendLine("),")
                .Append("            ").Append(Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(grainClass.GrainType, quote: true)).AppendLine(",")
                .Append("            ").Append(interfaceTypes).AppendLine(",")
                .Append("            ").Append(grainClass.IsReentrant ? "true" : "false").AppendLine(",")
                .Append("            static ctx => new ").Append(grainClass.GlobalName).Append('(')
                .Append(string.Join(", ", grainClass.ConstructorArguments)).AppendLine(")));");
        }

        return source.AppendLine("    }").AppendLine("}").ToString();
    }
}
