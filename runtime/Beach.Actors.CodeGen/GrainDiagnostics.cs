using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Beach.Actors.CodeGen;

/// <summary>
/// Everything the generator can refuse. Each is an error: a grain that compiles without its generated code would
/// only fail later, at the first call.
/// </summary>
internal static class GrainDiagnostics
{
    private const string Category = "Beach.Actors.CodeGen";

    public static readonly DiagnosticDescriptor UnsupportedReturnType = Error(
        "BA0001",
        "Unsupported grain method return type",
        "Grain method '{0}.{1}' returns '{2}'; grain methods must return Task, Task<T>, ValueTask or ValueTask<T>");

    public static readonly DiagnosticDescriptor GenericMethod = Error(
        "BA0002",
        "Generic grain methods are not supported",
        "Grain method '{0}.{1}' is generic; generic grain methods are not supported yet, use concrete types or one method per type");

    public static readonly DiagnosticDescriptor GenericInterface = Error(
        "BA0003",
        "Generic grain interfaces are not supported",
        "Grain interface '{0}' is generic; generic grain interfaces are not supported yet, declare one interface per type argument");

    public static readonly DiagnosticDescriptor ByRefParameter = Error(
        "BA0004",
        "Grain method parameters cannot be ref, out or in",
        "Parameter '{2}' of grain method '{0}.{1}' is passed by reference; a call crosses activations, so pass values and return results instead");

    public static readonly DiagnosticDescriptor MissingKeyKind = Error(
        "BA0005",
        "Grain interface has no key kind",
        "Grain interface '{0}' extends none of IGrainWithStringKey, IGrainWithGuidKey or IGrainWithIntegerKey; extend exactly one of them");

    public static readonly DiagnosticDescriptor AmbiguousKeyKind = Error(
        "BA0006",
        "Grain interface has several key kinds",
        "Grain interface '{0}' extends {1}; a grain has one kind of key, so extend exactly one of IGrainWithStringKey, IGrainWithGuidKey or IGrainWithIntegerKey");

    public static readonly DiagnosticDescriptor NoUsableConstructor = Error(
        "BA0007",
        "Grain class has no usable constructor",
        "Grain class '{0}' has no public constructor; give it one public constructor whose parameters the silo can supply");

    public static readonly DiagnosticDescriptor AmbiguousConstructor = Error(
        "BA0008",
        "Grain class has ambiguous constructors",
        "Grain class '{0}' has several public constructors with {1} parameters; keep one public constructor, or make the one to use the longest");

    public static readonly DiagnosticDescriptor UnsupportedInterfaceMember = Error(
        "BA0009",
        "Grain interfaces may declare only methods",
        "Grain interface '{0}' declares '{1}', which is not a method; a grain is reached only through calls, so replace it with a method returning Task<T>");

    public static readonly DiagnosticDescriptor PersistentStateParameterType = Error(
        "BA0010",
        "[PersistentState] parameter must be IPersistentState<T>",
        "Parameter '{1}' of grain class '{0}' is marked [PersistentState] but its type is '{2}'; declare it as IPersistentState<TState>");

    public static readonly DiagnosticDescriptor GenericGrainClass = Error(
        "BA0011",
        "Generic grain classes are not supported",
        "Grain class '{0}' is generic; generic grain classes are not supported yet, declare one closed class per type argument");

    public static readonly DiagnosticDescriptor InvalidResponseTimeout = Error(
        "BA0012",
        "[ResponseTimeout] value is not a TimeSpan",
        "Grain method '{0}.{1}' has [ResponseTimeout(\"{2}\")], which is not a TimeSpan; write it as TimeSpan.Parse reads it, for example \"00:00:30\"");

    public static readonly DiagnosticDescriptor InaccessibleType = Error(
        "BA0013",
        "Grain type is not accessible to generated code",
        "'{0}' is private or protected; generated code lives beside it in the assembly, so make it internal or public");

    private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = new[]
    {
        UnsupportedReturnType, GenericMethod, GenericInterface, ByRefParameter, MissingKeyKind, AmbiguousKeyKind,
        NoUsableConstructor, AmbiguousConstructor, UnsupportedInterfaceMember, PersistentStateParameterType,
        GenericGrainClass, InvalidResponseTimeout, InaccessibleType,
    }.ToDictionary(d => d.Id);

    public static DiagnosticDescriptor ById(string id) => s_byId[id];

    private static DiagnosticDescriptor Error(string id, string title, string message)
        => new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
