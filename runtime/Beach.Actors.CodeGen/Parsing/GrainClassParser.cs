using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Beach.Actors.CodeGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Beach.Actors.CodeGen.Parsing;

/// <summary>Reads a grain class symbol into a <see cref="GrainClassModel"/>: its name, interfaces and how to construct it.</summary>
internal static class GrainClassParser
{
    private const string GrainSuffix = "Grain";

    public static bool IsGrainClass(INamedTypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Class || type.IsAbstract || type.IsStatic)
        {
            return false;
        }

        for (var baseType = type.BaseType; baseType is not null; baseType = baseType.BaseType)
        {
            if (SymbolNames.Is(baseType, WellKnownTypes.Grain))
            {
                return true;
            }
        }

        return false;
    }

    public static GrainClassModel Parse(INamedTypeSymbol grainClass)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var location = grainClass.Locations.FirstOrDefault();
        var fullName = SymbolNames.Full(grainClass);

        if (grainClass.IsGenericType)
        {
            diagnostics.Add(DiagnosticInfo.Create(GrainDiagnostics.GenericGrainClass, location, fullName));
        }

        if (!SymbolNames.IsAccessibleToAssembly(grainClass))
        {
            diagnostics.Add(DiagnosticInfo.Create(GrainDiagnostics.InaccessibleType, location, fullName));
        }

        var interfaces = grainClass.AllInterfaces.Where(GrainInterfaceParser.IsGrainInterface).ToList();
        var isReentrant = SymbolNames.HasAttribute(grainClass, WellKnownTypes.ReentrantAttribute)
            || interfaces.Any(static i => SymbolNames.HasAttribute(i, WellKnownTypes.ReentrantAttribute));

        var arguments = new List<string>();
        var constructor = ChooseConstructor(grainClass, fullName, location, diagnostics);
        if (constructor is not null)
        {
            foreach (var parameter in constructor.Parameters)
            {
                arguments.Add(ResolveArgument(parameter, fullName, location, diagnostics));
            }
        }

        return new GrainClassModel(
            SymbolNames.Global(grainClass),
            ReadGrainType(grainClass),
            interfaces.Select(SymbolNames.Global).ToEquatableArray(),
            isReentrant,
            arguments.ToEquatableArray(),
            diagnostics.ToEquatableArray());
    }

    private static string ReadGrainType(INamedTypeSymbol grainClass)
    {
        foreach (var attribute in grainClass.GetAttributes())
        {
            if (SymbolNames.Is(attribute.AttributeClass, WellKnownTypes.GrainTypeAttribute)
                && attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is string name)
            {
                return name;
            }
        }

        var typeName = grainClass.Name;
        if (typeName.Length > GrainSuffix.Length && typeName.EndsWith(GrainSuffix, System.StringComparison.Ordinal))
        {
            typeName = typeName.Substring(0, typeName.Length - GrainSuffix.Length);
        }

        return typeName.ToLowerInvariant();
    }

    /// <summary>The public constructor with the most parameters, as dependency injection would choose it.</summary>
    private static IMethodSymbol? ChooseConstructor(
        INamedTypeSymbol grainClass, string fullName, Location? location, List<DiagnosticInfo> diagnostics)
    {
        var candidates = grainClass.InstanceConstructors
            .Where(static c => c.DeclaredAccessibility == Accessibility.Public)
            .OrderByDescending(static c => c.Parameters.Length)
            .ToList();

        if (candidates.Count == 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(GrainDiagnostics.NoUsableConstructor, location, fullName));
            return null;
        }

        if (candidates.Count > 1 && candidates[0].Parameters.Length == candidates[1].Parameters.Length)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                GrainDiagnostics.AmbiguousConstructor,
                location,
                fullName,
                candidates[0].Parameters.Length.ToString(CultureInfo.InvariantCulture)));
            return null;
        }

        return candidates[0];
    }

    private static string ResolveArgument(IParameterSymbol parameter, string fullName, Location? location, List<DiagnosticInfo> diagnostics)
    {
        var persistentState = parameter.GetAttributes()
            .FirstOrDefault(static a => SymbolNames.Is(a.AttributeClass, WellKnownTypes.PersistentStateAttribute));
        if (persistentState is not null)
        {
            if (!SymbolNames.Is(parameter.Type, WellKnownTypes.IPersistentState))
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    GrainDiagnostics.PersistentStateParameterType,
                    parameter.Locations.FirstOrDefault() ?? location,
                    fullName,
                    parameter.Name,
                    parameter.Type.ToDisplayString()));
                return string.Empty;
            }

            var stateType = SymbolNames.Global(((INamedTypeSymbol)parameter.Type).TypeArguments[0]);
            var stateName = persistentState.ConstructorArguments.Length > 0 ? persistentState.ConstructorArguments[0].Value as string : null;
            var storageName = persistentState.ConstructorArguments.Length > 1 ? persistentState.ConstructorArguments[1].Value as string : null;
            return $"ctx.GetPersistentState<{stateType}>({StringLiteral(stateName ?? parameter.Name)}, {StringLiteral(storageName)})";
        }

        var type = parameter.Type;
        var isNullable = type.NullableAnnotation == NullableAnnotation.Annotated
            || type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T;
        if (!isNullable && !parameter.HasExplicitDefaultValue)
        {
            return $"ctx.GetRequiredService<{SymbolNames.Global(type)}>()";
        }

        if (!parameter.HasExplicitDefaultValue || (isNullable && parameter.ExplicitDefaultValue is null))
        {
            return $"ctx.GetService<{SymbolNames.Global(type)}>()";
        }

        // An optional parameter the container cannot supply takes its declared default, as it would in a plain call.
        if (type.IsValueType && !isNullable)
        {
            return $"ctx.GetService<{SymbolNames.Global(type)}?>() ?? {DefaultLiteral(parameter)}";
        }

        return parameter.ExplicitDefaultValue is null
            ? $"ctx.GetService<{SymbolNames.Global(type)}>()!"
            : $"ctx.GetService<{SymbolNames.Global(type)}>() ?? {DefaultLiteral(parameter)}";
    }

    private static string DefaultLiteral(IParameterSymbol parameter)
    {
        var value = parameter.ExplicitDefaultValue;
        if (value is null)
        {
            return "default";
        }

        var literal = SymbolDisplay.FormatPrimitive(value, quoteStrings: true, useHexadecimalNumbers: false);
        return value is string or bool or char ? literal : $"({SymbolNames.Global(parameter.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated))})({literal})";
    }

    private static string StringLiteral(string? value)
        => value is null ? "null" : SymbolDisplay.FormatLiteral(value, quote: true);
}
