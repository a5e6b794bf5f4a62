namespace Beach.Actors.CodeGen.Model;

/// <summary>One grain interface method.</summary>
/// <param name="DeclaringInterfaceFullName">The full name of the interface that declares the method.</param>
/// <param name="DeclaringInterfaceGlobalName">That interface as a type expression, for the explicit implementation.</param>
/// <param name="Name">The method's name.</param>
/// <param name="Id">The method's wire id: <c>{declaring interface}.{name}({parameter types})</c>, stable across builds.</param>
/// <param name="RequestClassName">The generated request class's name, unique among the interface's requests.</param>
/// <param name="ReturnKind">How the method returns.</param>
/// <param name="ReturnType">The method's return type as written in the explicit implementation.</param>
/// <param name="ResultType">The request's <c>TResult</c>.</param>
/// <param name="Parameters">Every parameter, the <c>CancellationToken</c> included.</param>
/// <param name="Options">The <c>InvokeMethodOptions</c> expression.</param>
/// <param name="ResponseTimeoutTicks">The [ResponseTimeout] in ticks, or null.</param>
internal sealed record GrainMethodModel(
    string DeclaringInterfaceFullName,
    string DeclaringInterfaceGlobalName,
    string Name,
    string Id,
    string RequestClassName,
    ReturnKind ReturnKind,
    string ReturnType,
    string ResultType,
    EquatableArray<GrainParameterModel> Parameters,
    string Options,
    long? ResponseTimeoutTicks);

/// <summary>The four return shapes a grain method may have.</summary>
internal enum ReturnKind
{
    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,
}

/// <summary>One parameter of a grain method.</summary>
/// <param name="Name">The parameter's name, escaped with <c>@</c> so that keywords stay valid.</param>
/// <param name="Type">Its type as source text, nullable annotations included.</param>
/// <param name="IsCancellationToken">Whether it is the call's <c>CancellationToken</c> rather than an argument.</param>
internal sealed record GrainParameterModel(string Name, string Type, bool IsCancellationToken);
