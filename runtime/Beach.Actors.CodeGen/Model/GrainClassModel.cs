namespace Beach.Actors.CodeGen.Model;

/// <summary>A grain class as the registry emitter needs it.</summary>
/// <param name="GlobalName">The class as a type expression.</param>
/// <param name="GrainType">The grain type name.</param>
/// <param name="Interfaces">Every grain interface the class implements, as type expressions.</param>
/// <param name="IsReentrant">Whether the class or one of those interfaces is [Reentrant].</param>
/// <param name="ConstructorArguments">One resolving expression per constructor parameter, over a context named <c>ctx</c>.</param>
/// <param name="Diagnostics">Why the class cannot be registered; it is left out when non-empty.</param>
internal sealed record GrainClassModel(
    string GlobalName,
    string GrainType,
    EquatableArray<string> Interfaces,
    bool IsReentrant,
    EquatableArray<string> ConstructorArguments,
    EquatableArray<DiagnosticInfo> Diagnostics)
{
    public bool CanEmit => Diagnostics.Count == 0;
}
