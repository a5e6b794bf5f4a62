using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Beach.Actors.CodeGen.Model;
using Microsoft.CodeAnalysis;

namespace Beach.Actors.CodeGen.Parsing;

/// <summary>Reads a grain interface symbol into a <see cref="GrainInterfaceModel"/>, with the reasons it cannot be generated.</summary>
internal static class GrainInterfaceParser
{
    public static bool IsKeyMarker(INamedTypeSymbol type)
        => SymbolNames.Is(type, WellKnownTypes.IGrain)
            || SymbolNames.Is(type, WellKnownTypes.IGrainWithStringKey)
            || SymbolNames.Is(type, WellKnownTypes.IGrainWithGuidKey)
            || SymbolNames.Is(type, WellKnownTypes.IGrainWithIntegerKey);

    /// <summary>An interface extending <c>IGrain</c>, other than the markers themselves.</summary>
    public static bool IsGrainInterface(INamedTypeSymbol type)
        => type.TypeKind == TypeKind.Interface
            && !IsKeyMarker(type)
            && type.AllInterfaces.Any(static i => SymbolNames.Is(i, WellKnownTypes.IGrain));

    public static GrainInterfaceModel Parse(INamedTypeSymbol grainInterface, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var location = grainInterface.Locations.FirstOrDefault();
        var fullName = SymbolNames.Full(grainInterface);

        if (grainInterface.IsGenericType)
        {
            diagnostics.Add(DiagnosticInfo.Create(GrainDiagnostics.GenericInterface, location, fullName));
        }

        if (!SymbolNames.IsAccessibleToAssembly(grainInterface))
        {
            diagnostics.Add(DiagnosticInfo.Create(GrainDiagnostics.InaccessibleType, location, fullName));
        }

        var keyKind = ReadKeyKind(grainInterface, fullName, location, diagnostics);

        var methods = new List<IMethodSymbol>();
        foreach (var declaring in new[] { grainInterface }.Concat(grainInterface.AllInterfaces))
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var member in declaring.GetMembers())
            {
                if (member.IsStatic || !member.IsAbstract)
                {
                    // Static members and default implementations need nothing from a reference.
                    continue;
                }

                if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary } method)
                {
                    methods.Add(method);
                }
                else if (member is IPropertySymbol or IEventSymbol)
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        GrainDiagnostics.UnsupportedInterfaceMember, LocationOf(member, grainInterface, location), fullName, member.Name));
                }
            }
        }

        var overloaded = new HashSet<string>(methods.GroupBy(m => m.Name).Where(g => g.Count() > 1).Select(g => g.Key));
        var models = new List<GrainMethodModel>(methods.Count);
        for (var i = 0; i < methods.Count; i++)
        {
            var requestName = overloaded.Contains(methods[i].Name)
                ? methods[i].Name + "_" + i.ToString(CultureInfo.InvariantCulture) + "Request"
                : methods[i].Name + "Request";
            var model = ParseMethod(methods[i], requestName, grainInterface, location, diagnostics);
            if (model is not null)
            {
                models.Add(model);
            }
        }

        return new GrainInterfaceModel(
            fullName,
            SymbolNames.Global(grainInterface),
            SymbolNames.Mangle(fullName),
            keyKind,
            models.ToEquatableArray(),
            diagnostics.ToEquatableArray());
    }

    private static string? ReadKeyKind(INamedTypeSymbol grainInterface, string fullName, Location? location, List<DiagnosticInfo> diagnostics)
    {
        var kinds = new List<(string Kind, string Marker)>();
        foreach (var extended in grainInterface.AllInterfaces)
        {
            if (SymbolNames.Is(extended, WellKnownTypes.IGrainWithStringKey))
            {
                kinds.Add(("String", "IGrainWithStringKey"));
            }
            else if (SymbolNames.Is(extended, WellKnownTypes.IGrainWithGuidKey))
            {
                kinds.Add(("Guid", "IGrainWithGuidKey"));
            }
            else if (SymbolNames.Is(extended, WellKnownTypes.IGrainWithIntegerKey))
            {
                kinds.Add(("Integer", "IGrainWithIntegerKey"));
            }
        }

        switch (kinds.Count)
        {
            case 1:
                return kinds[0].Kind;
            case 0:
                diagnostics.Add(DiagnosticInfo.Create(GrainDiagnostics.MissingKeyKind, location, fullName));
                return null;
            default:
                diagnostics.Add(DiagnosticInfo.Create(
                    GrainDiagnostics.AmbiguousKeyKind, location, fullName, string.Join(" and ", kinds.Select(k => k.Marker))));
                return null;
        }
    }

    private static GrainMethodModel? ParseMethod(
        IMethodSymbol method, string requestName, INamedTypeSymbol grainInterface, Location? fallback, List<DiagnosticInfo> diagnostics)
    {
        var declaringName = SymbolNames.Full(method.ContainingType);
        var location = LocationOf(method, grainInterface, fallback);
        var before = diagnostics.Count;

        if (method.IsGenericMethod)
        {
            diagnostics.Add(DiagnosticInfo.Create(GrainDiagnostics.GenericMethod, location, declaringName, method.Name));
        }

        var returnType = method.ReturnType;
        ReturnKind returnKind;
        string resultType;
        if (SymbolNames.Is(returnType, WellKnownTypes.Task) && !((INamedTypeSymbol)returnType).IsGenericType)
        {
            returnKind = ReturnKind.Task;
            resultType = "global::Beach.Actors.Invocation.VoidResult";
        }
        else if (SymbolNames.Is(returnType, WellKnownTypes.ValueTask) && !((INamedTypeSymbol)returnType).IsGenericType)
        {
            returnKind = ReturnKind.ValueTask;
            resultType = "global::Beach.Actors.Invocation.VoidResult";
        }
        else if (SymbolNames.Is(returnType, WellKnownTypes.TaskOfT))
        {
            returnKind = ReturnKind.TaskOfT;
            resultType = SymbolNames.Global(((INamedTypeSymbol)returnType).TypeArguments[0]);
        }
        else if (SymbolNames.Is(returnType, WellKnownTypes.ValueTaskOfT))
        {
            returnKind = ReturnKind.ValueTaskOfT;
            resultType = SymbolNames.Global(((INamedTypeSymbol)returnType).TypeArguments[0]);
        }
        else
        {
            diagnostics.Add(DiagnosticInfo.Create(
                GrainDiagnostics.UnsupportedReturnType, location, declaringName, method.Name, returnType.ToDisplayString()));
            returnKind = default;
            resultType = string.Empty;
        }

        var parameters = new List<GrainParameterModel>(method.Parameters.Length);
        foreach (var parameter in method.Parameters)
        {
            if (parameter.RefKind != RefKind.None)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    GrainDiagnostics.ByRefParameter, LocationOf(parameter, grainInterface, location), declaringName, method.Name, parameter.Name));
            }

            parameters.Add(new GrainParameterModel(
                SymbolNames.Parameter(parameter),
                SymbolNames.Global(parameter.Type),
                SymbolNames.Is(parameter.Type, WellKnownTypes.CancellationToken)));
        }

        var options = new List<string>();
        long? timeoutTicks = null;
        foreach (var attribute in method.GetAttributes())
        {
            if (SymbolNames.Is(attribute.AttributeClass, WellKnownTypes.ReadOnlyAttribute))
            {
                options.Add("global::Beach.Actors.Invocation.InvokeMethodOptions.ReadOnly");
            }
            else if (SymbolNames.Is(attribute.AttributeClass, WellKnownTypes.AlwaysInterleaveAttribute))
            {
                options.Add("global::Beach.Actors.Invocation.InvokeMethodOptions.AlwaysInterleave");
            }
            else if (SymbolNames.Is(attribute.AttributeClass, WellKnownTypes.ResponseTimeoutAttribute)
                && attribute.ConstructorArguments.Length == 1)
            {
                var text = attribute.ConstructorArguments[0].Value as string;
                if (text is not null && System.TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var timeout))
                {
                    timeoutTicks = timeout.Ticks;
                }
                else
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        GrainDiagnostics.InvalidResponseTimeout, location, declaringName, method.Name, text ?? "null"));
                }
            }
        }

        if (diagnostics.Count != before)
        {
            return null;
        }

        return new GrainMethodModel(
            declaringName,
            SymbolNames.Global(method.ContainingType),
            method.Name,
            SymbolNames.MethodId(method),
            requestName,
            returnKind,
            SymbolNames.Global(returnType),
            resultType,
            parameters.ToEquatableArray(),
            options.Count == 0 ? "global::Beach.Actors.Invocation.InvokeMethodOptions.None" : string.Join(" | ", options),
            timeoutTicks);
    }

    /// <summary>
    /// The member's own location when the interface being parsed declares it. An inherited member's problem is
    /// reported on the inheriting interface, so that it neither repeats the base interface's own diagnostic nor
    /// points into another assembly.
    /// </summary>
    private static Location? LocationOf(ISymbol symbol, INamedTypeSymbol grainInterface, Location? fallback)
    {
        var member = symbol is IParameterSymbol parameter ? parameter.ContainingSymbol : symbol;
        if (!SymbolEqualityComparer.Default.Equals(member.ContainingType, grainInterface))
        {
            return fallback;
        }

        return symbol.Locations.FirstOrDefault(static l => l.IsInSource) ?? fallback;
    }
}
