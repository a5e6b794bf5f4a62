using System.Text;
using Microsoft.CodeAnalysis;

namespace Beach.Actors.CodeGen.Parsing;

/// <summary>How symbols are written into generated source.</summary>
internal static class SymbolNames
{
    /// <summary>
    /// <c>global::</c>-qualified with nullable annotations, so that explicit implementations match the interface's
    /// nullability and nothing in the generated file can bind to a user's type of the same name.
    /// </summary>
    public static readonly SymbolDisplayFormat GlobalWithNullability = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public static string Global(ITypeSymbol type) => type.ToDisplayString(GlobalWithNullability);

    /// <summary>The full name without <c>global::</c>, as <see cref="System.Type.FullName"/> would mostly read.</summary>
    public static string Full(INamedTypeSymbol type)
        => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted));

    /// <summary>
    /// A grain method's wire id. Parameter types are written without nullable annotations, which change no bytes on
    /// the wire, and with the token included, so that overloads differing only by it stay apart.
    /// </summary>
    public static string MethodId(IMethodSymbol method)
    {
        var builder = new StringBuilder(Full(method.ContainingType)).Append('.').Append(method.Name).Append('(');
        for (var i = 0; i < method.Parameters.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            builder.Append(method.Parameters[i].Type.ToDisplayString(s_wireTypeFormat));
        }

        return builder.Append(')').ToString();
    }

    private static readonly SymbolDisplayFormat s_wireTypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted);

    /// <summary>The type's full name reduced to identifier characters, for generated class and file names.</summary>
    public static string Mangle(string fullName)
    {
        var builder = new StringBuilder(fullName.Length);
        foreach (var c in fullName)
        {
            builder.Append(char.IsLetterOrDigit(c) || c == '_' ? c : '_');
        }

        return builder.ToString();
    }

    /// <summary>A parameter name that stays valid even when it is a keyword.</summary>
    public static string Parameter(IParameterSymbol parameter) => "@" + parameter.Name;

    public static bool Is(ITypeSymbol? type, string metadataName)
    {
        if (type is not INamedTypeSymbol named)
        {
            return false;
        }

        var definition = named.OriginalDefinition;
        return definition.MetadataName == MetadataNameOf(metadataName) && NamespaceOf(definition) == NamespaceOf(metadataName);
    }

    public static bool HasAttribute(ISymbol symbol, string attributeMetadataName)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (Is(attribute.AttributeClass, attributeMetadataName))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether code elsewhere in the assembly can name the type.</summary>
    public static bool IsAccessibleToAssembly(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
            {
                return false;
            }
        }

        return true;
    }

    private static string MetadataNameOf(string fullMetadataName)
    {
        var dot = fullMetadataName.LastIndexOf('.');
        return fullMetadataName.Substring(dot + 1);
    }

    private static string NamespaceOf(string fullMetadataName)
    {
        var dot = fullMetadataName.LastIndexOf('.');
        return dot < 0 ? string.Empty : fullMetadataName.Substring(0, dot);
    }

    private static string NamespaceOf(INamedTypeSymbol type)
        => type.ContainingType is not null
            ? NamespaceOf(type.ContainingType) + "." + type.ContainingType.MetadataName
            : type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : string.Empty;
}
