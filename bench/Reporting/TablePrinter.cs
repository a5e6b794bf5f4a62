using System.Globalization;
using System.Text;

namespace Beach.Actors.Bench.Reporting;

/// <summary>Prints rows as a markdown table, numbers right-aligned, so a run can be pasted into a report as is.</summary>
internal sealed class TablePrinter(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public void Add(params object[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"A row has {headers.Length} cells; got {cells.Length}.", nameof(cells));
        }

        _rows.Add([.. cells.Select(Format)]);
    }

    public void Print(TextWriter output)
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        AppendRow(text, headers, widths, rightAlign: null);
        text.Append('|');
        for (var i = 0; i < widths.Length; i++)
        {
            var numeric = _rows.Count > 0 && _rows.All(r => IsNumeric(r[i]));
            text.Append(numeric ? $" {new string('-', widths[i] - 1)}: |" : $" {new string('-', widths[i])} |");
        }

        text.AppendLine();
        foreach (var row in _rows)
        {
            AppendRow(text, row, widths, rightAlign: i => IsNumeric(row[i]));
        }

        output.Write(text.ToString());
        output.Flush();
    }

    private static void AppendRow(StringBuilder text, string[] cells, int[] widths, Func<int, bool>? rightAlign)
    {
        text.Append('|');
        for (var i = 0; i < cells.Length; i++)
        {
            var cell = rightAlign?.Invoke(i) == true ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i]);
            text.Append(' ').Append(cell).Append(" |");
        }

        text.AppendLine();
    }

    private static bool IsNumeric(string cell)
        => cell.Length > 0 && (char.IsAsciiDigit(cell[0]) || cell[0] == '-' || cell == "n/a");

    private static string Format(object cell) => cell switch
    {
        double d when double.IsNaN(d) => "n/a",
        double d when Math.Abs(d) >= 100 => d.ToString("N0", CultureInfo.InvariantCulture),
        double d when Math.Abs(d) >= 10 => d.ToString("N1", CultureInfo.InvariantCulture),
        double d => d.ToString("N2", CultureInfo.InvariantCulture),
        long or int => string.Format(CultureInfo.InvariantCulture, "{0:N0}", cell),
        _ => Convert.ToString(cell, CultureInfo.InvariantCulture) ?? "",
    };
}
