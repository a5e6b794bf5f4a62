using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Beach.Actors.CodeGen.Model;

/// <summary>
/// A diagnostic as plain data. <see cref="Location"/> and <see cref="Diagnostic"/> hold on to syntax trees, which
/// would keep whole compilations alive in the generator's cache and defeat its equality checks.
/// </summary>
internal sealed record DiagnosticInfo(
    string DescriptorId,
    string? FilePath,
    TextSpan Span,
    LinePositionSpan LineSpan,
    EquatableArray<string> MessageArgs)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params string[] messageArgs)
    {
        var lineSpan = location?.GetLineSpan();
        return new DiagnosticInfo(
            descriptor.Id,
            location is { IsInSource: true } ? location.SourceTree?.FilePath : null,
            location?.SourceSpan ?? default,
            lineSpan?.Span ?? default,
            messageArgs.ToEquatableArray());
    }

    public Diagnostic ToDiagnostic()
    {
        var location = FilePath is null ? Location.None : Location.Create(FilePath, Span, LineSpan);
        var args = new object[MessageArgs.Count];
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = MessageArgs[i];
        }

        return Diagnostic.Create(GrainDiagnostics.ById(DescriptorId), location, args);
    }
}
