using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Beach.Actors.CodeGen.Model;

namespace Beach.Actors.CodeGen.Emitting;

/// <summary>
/// Writes a grain interface's reference class and, nested in it, one request class per method: the reference turns
/// a call into a request, the request turns itself back into a call on the activation. No reflection either way.
/// </summary>
internal static class GrainReferenceEmitter
{
    private const string Invocation = "global::Beach.Actors.Invocation.";
    private const string Tasks = "global::System.Threading.Tasks.";
    private const string Json = "global::System.Text.Json.";

    public static string ReferenceClassName(GrainInterfaceModel model) => model.MangledName + "Reference";

    public static string Emit(GrainInterfaceModel model, string generatedNamespace)
    {
        var className = ReferenceClassName(model);
        var source = GeneratedFile.Begin()
            .Append("namespace ").Append(generatedNamespace).AppendLine(";")
            .AppendLine()
            .Append("/// <summary>Calls <c>").Append(XmlText(model.FullName)).AppendLine("</c> on the grain a reference names.</summary>")
            .AppendLine(GeneratedFile.GeneratedCodeAttribute)
            .Append("internal sealed class ").Append(className)
            .Append(" : ").Append(Invocation).Append("GrainReference, ").AppendLine(model.GlobalName)
            .AppendLine("{")
            .Append("    public ").Append(className)
            .Append("(global::Beach.Actors.GrainId grainId, ").Append(Invocation).AppendLine("IGrainCallInvoker invoker)")
            .AppendLine("        : base(grainId, invoker)")
            .AppendLine("    {")
            .AppendLine("    }");

        foreach (var method in model.Methods)
        {
            source.AppendLine();
            EmitReferenceMethod(source, method);
        }

        foreach (var method in model.Methods)
        {
            source.AppendLine();
            EmitRequest(source, method);
        }

        return source.AppendLine("}").ToString();
    }

    private static void EmitReferenceMethod(StringBuilder source, GrainMethodModel method)
    {
        var parameters = string.Join(", ", method.Parameters.Select(static p => p.Type + " " + p.Name));
        var arguments = string.Join(", ", method.Parameters.Where(static p => !p.IsCancellationToken).Select(static p => p.Name));
        var token = method.Parameters.FirstOrDefault(static p => p.IsCancellationToken);

        var request = new StringBuilder("new ").Append(method.RequestClassName).Append('(').Append(arguments).Append(')');
        if (token is not null)
        {
            request.Append(" { CancellationToken = ").Append(token.Name).Append(" }");
        }

        // base. keeps a parameter that happens to be named InvokeAsync from hiding the method.
        var call = method.ReturnKind switch
        {
            ReturnKind.ValueTaskOfT => $"base.InvokeAsync({request})",
            ReturnKind.TaskOfT => $"base.InvokeAsync({request}).AsTask()",
            ReturnKind.Task => $"base.InvokeVoidAsTask({request})",
            _ => $"base.InvokeVoidAsValueTask({request})",
        };

        // Explicit implementation: inherited methods with the same name and signature cannot clash.
        source.Append("    ").Append(method.ReturnType).Append(' ')
            .Append(method.DeclaringInterfaceGlobalName).Append('.').Append(method.Name)
            .Append('(').Append(parameters).AppendLine(")")
            .Append("        => ").Append(call).AppendLine(";");
    }

    private static void EmitRequest(StringBuilder source, GrainMethodModel method)
    {
        var arguments = method.Parameters.Where(static p => !p.IsCancellationToken).ToList();
        var requestType = Invocation + "Request<" + method.ResultType + ">";
        var timeout = method.ResponseTimeoutTicks is { } ticks
            ? "global::System.TimeSpan.FromTicks(" + ticks.ToString(CultureInfo.InvariantCulture) + ")"
            : "null";

        source
            .Append("    /// <summary>A call to <c>").Append(XmlText(method.DeclaringInterfaceFullName)).Append('.').Append(method.Name).AppendLine("</c> as data.</summary>")
            .Append("    ").AppendLine(GeneratedFile.GeneratedCodeAttribute)
            .Append("    internal sealed class ").Append(method.RequestClassName).Append(" : ").AppendLine(requestType)
            .AppendLine("    {")
            .Append("        public static readonly ").Append(Invocation).Append("MethodDescriptor Descriptor = new(")
            .Append(Quote(method.DeclaringInterfaceFullName)).Append(", ").Append(Quote(method.Name)).Append(", ")
            .Append(method.Options).Append(", ").Append(timeout).Append(", ").Append(Quote(method.Id)).AppendLine(");");

        if (arguments.Count > 0)
        {
            source.AppendLine();
            for (var i = 0; i < arguments.Count; i++)
            {
                source.Append("        private readonly ").Append(arguments[i].Type).Append(" _arg").Append(i).AppendLine(";");
            }
        }

        source.AppendLine()
            .Append("        public ").Append(method.RequestClassName).Append('(')
            .Append(string.Join(", ", arguments.Select(static (p, i) => p.Type + " arg" + i.ToString(CultureInfo.InvariantCulture))))
            .AppendLine(")")
            .AppendLine("        {");
        for (var i = 0; i < arguments.Count; i++)
        {
            source.Append("            _arg").Append(i).Append(" = arg").Append(i).AppendLine(";");
        }

        source.AppendLine("        }")
            .AppendLine()
            .Append("        public override ").Append(Invocation).AppendLine("MethodDescriptor Method => Descriptor;");

        if (method.Parameters.Any(static p => p.IsCancellationToken))
        {
            source.AppendLine()
                .AppendLine("        public override bool HasCancellationToken => true;");
        }

        var argumentIndex = 0;
        var callArguments = string.Join(", ", method.Parameters.Select(p => p.IsCancellationToken
            ? "CancellationToken"
            : "_arg" + (argumentIndex++).ToString(CultureInfo.InvariantCulture)));
        var call = "((" + method.DeclaringInterfaceGlobalName + ")grain)." + method.Name + "(" + callArguments + ")";
        var adapted = method.ReturnKind switch
        {
            ReturnKind.ValueTaskOfT => call,
            ReturnKind.TaskOfT => "new " + Tasks + "ValueTask<" + method.ResultType + ">(" + call + ")",
            _ => Invocation + "VoidResult.From(" + call + ")",
        };

        var copies = string.Join(", ", arguments.Select(static (_, i) => "global::Beach.Actors.Copying.DeepCopier.Copy(_arg" + i.ToString(CultureInfo.InvariantCulture) + ")"));

        source.AppendLine()
            .Append("        protected override ").Append(Tasks).Append("ValueTask<").Append(method.ResultType).AppendLine("> InvokeCore(object grain)")
            .Append("            => ").Append(adapted).AppendLine(";")
            .AppendLine()
            .Append("        public override ").Append(requestType).AppendLine(" DeepCopy()")
            .Append("            => new ").Append(method.RequestClassName).Append('(').Append(copies).AppendLine(") { CancellationToken = CancellationToken };");

        EmitWireMembers(source, method, arguments);
        source.AppendLine("    }");
    }

    /// <summary>
    /// The request's arguments as a JSON array, each written and read with its own static type: no boxing and no
    /// reflection on the call path. The reader skips arguments it does not know and leaves missing ones at default.
    /// </summary>
    private static void EmitWireMembers(StringBuilder source, GrainMethodModel method, List<GrainParameterModel> arguments)
    {
        source.AppendLine()
            .Append("        public override void WriteArguments(").Append(Json).Append("Utf8JsonWriter writer, ").Append(Json).AppendLine("JsonSerializerOptions options)")
            .AppendLine("        {")
            .AppendLine("            writer.WriteStartArray();");
        for (var i = 0; i < arguments.Count; i++)
        {
            source.Append("            ").Append(Json).Append("JsonSerializer.Serialize<").Append(arguments[i].Type).Append(">(writer, _arg")
                .Append(i.ToString(CultureInfo.InvariantCulture)).AppendLine(", options);");
        }

        source.AppendLine("            writer.WriteEndArray();")
            .AppendLine("        }")
            .AppendLine()
            .Append("        public static ").Append(Invocation).Append("IInvokable ReadArguments(ref ").Append(Json).Append("Utf8JsonReader reader, ")
            .Append(Json).AppendLine("JsonSerializerOptions options)")
            .AppendLine("        {");
        for (var i = 0; i < arguments.Count; i++)
        {
            source.Append("            ").Append(arguments[i].Type).Append(" arg").Append(i.ToString(CultureInfo.InvariantCulture)).AppendLine(" = default!;");
        }

        source.Append("            if (").Append(Invocation).AppendLine("RequestArguments.Begin(ref reader))")
            .AppendLine("            {");
        if (arguments.Count == 0)
        {
            source.Append("                while (").Append(Invocation).AppendLine("RequestArguments.Next(ref reader))")
                .AppendLine("                {")
                .AppendLine("                    reader.Skip();")
                .AppendLine("                }");
        }
        else
        {
            source.Append("                for (var index = 0; ").Append(Invocation).AppendLine("RequestArguments.Next(ref reader); index++)")
                .AppendLine("                {")
                .AppendLine("                    switch (index)")
                .AppendLine("                    {");
            for (var i = 0; i < arguments.Count; i++)
            {
                var n = i.ToString(CultureInfo.InvariantCulture);
                source.Append("                        case ").Append(n).AppendLine(":")
                    .Append("                            arg").Append(n).Append(" = ").Append(Json).Append("JsonSerializer.Deserialize<")
                    .Append(arguments[i].Type).AppendLine(">(ref reader, options)!;")
                    .AppendLine("                            break;");
            }

            source.AppendLine("                        default:")
                .AppendLine("                            reader.Skip();")
                .AppendLine("                            break;")
                .AppendLine("                    }")
                .AppendLine("                }");
        }

        source.AppendLine("            }")
            .AppendLine()
            .Append("            return new ").Append(method.RequestClassName).Append('(')
            .Append(string.Join(", ", arguments.Select(static (_, i) => "arg" + i.ToString(CultureInfo.InvariantCulture)))).AppendLine(");")
            .AppendLine("        }");
    }

    /// <summary>A constructed base interface's name has angle brackets, which would break the doc comment's XML.</summary>
    private static string XmlText(string value) => value.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    private static string Quote(string value) => Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(value, quote: true);
}
