using System.Text.Json;
using Beach.Actors.Cli.Http;

namespace Beach.Actors.Cli.Output;

/// <summary>
/// Prints an answer: <c>json</c> as the server sent it (indented), <c>table</c> as "field  value" rows for an object
/// and as columns for a list of objects (the first array-valued field of an object, e.g. <c>events</c>).
/// </summary>
internal sealed class Printer(TextWriter output, OutputFormat format)
{
    public void Print(JsonElement? answer)
    {
        if (answer is not { } json)
        {
            if (format == OutputFormat.Table)
            {
                output.WriteLine("ok");
            }

            return;
        }

        if (format == OutputFormat.Json)
        {
            output.WriteLine(JsonSerializer.Serialize(json, CliJson.Indented));
            return;
        }

        if (json.ValueKind == JsonValueKind.Object && json.EnumerateObject().FirstOrDefault(p => p.Value.ValueKind == JsonValueKind.Array) is { Value.ValueKind: JsonValueKind.Array } list
            && list.Value.EnumerateArray().All(item => item.ValueKind == JsonValueKind.Object))
        {
            PrintRows(list.Value);
            foreach (var other in json.EnumerateObject().Where(p => p.Name != list.Name))
            {
                output.WriteLine($"{other.Name}: {Cell(other.Value)}");
            }

            return;
        }

        if (json.ValueKind == JsonValueKind.Object)
        {
            var width = json.EnumerateObject().Select(p => p.Name.Length).DefaultIfEmpty(0).Max();
            foreach (var property in json.EnumerateObject())
            {
                output.WriteLine($"{property.Name.PadRight(width)}  {Cell(property.Value)}");
            }

            return;
        }

        output.WriteLine(Cell(json));
    }

    /// <summary>A list of objects as aligned columns; the columns are every field any row has, in first-seen order.</summary>
    public void PrintRows(JsonElement rows)
    {
        var columns = rows.EnumerateArray().SelectMany(row => row.EnumerateObject().Select(p => p.Name)).Distinct().ToList();
        var cells = rows.EnumerateArray()
            .Select(row => columns.Select(column => row.TryGetProperty(column, out var value) ? Cell(value) : string.Empty).ToList())
            .ToList();
        if (cells.Count == 0)
        {
            output.WriteLine("(none)");
            return;
        }

        var widths = columns.Select((column, i) => Math.Max(column.Length, cells.Max(row => row[i].Length))).ToList();
        output.WriteLine(string.Join("  ", columns.Select((column, i) => column.ToUpperInvariant().PadRight(widths[i]))).TrimEnd());
        foreach (var row in cells)
        {
            output.WriteLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        }
    }

    private static string Cell(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null => "-",
        JsonValueKind.Array when value.EnumerateArray().All(v => v.ValueKind is JsonValueKind.String or JsonValueKind.Number)
            => string.Join(",", value.EnumerateArray().Select(v => v.ToString())),
        _ => value.GetRawText(),
    };
}
