namespace Beach.Actors.Sqlite.Writing;

/// <summary>
/// A statement the writer prepares once on its connection and reuses for every batch. Instances are compared by
/// reference, so each statement is declared once as a static field.
/// </summary>
internal sealed class SqlStatement(string text, params string[] parameterNames)
{
    public string Text { get; } = text;

    public IReadOnlyList<string> ParameterNames { get; } = parameterNames;
}
