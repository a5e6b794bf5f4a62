namespace Beach.Actors.CodeGen.Model;

/// <summary>A grain interface as the emitters need it: names as source text, no symbols.</summary>
/// <param name="FullName">The interface's full name as the runtime reports it (<c>Ns.Outer.IFoo</c>).</param>
/// <param name="GlobalName">The interface as a type expression (<c>global::Ns.Outer.IFoo</c>).</param>
/// <param name="MangledName">A file and class name unique within the compilation (<c>Ns_Outer_IFoo</c>).</param>
/// <param name="KeyKind">The <c>GrainKeyKind</c> member name, or null when the key kind is missing or ambiguous.</param>
/// <param name="Methods">Every method callers can call, the inherited ones included.</param>
/// <param name="Diagnostics">Why the interface cannot be generated; nothing is emitted for it when non-empty.</param>
internal sealed record GrainInterfaceModel(
    string FullName,
    string GlobalName,
    string MangledName,
    string? KeyKind,
    EquatableArray<GrainMethodModel> Methods,
    EquatableArray<DiagnosticInfo> Diagnostics)
{
    public bool CanEmit => Diagnostics.Count == 0 && KeyKind is not null;
}
