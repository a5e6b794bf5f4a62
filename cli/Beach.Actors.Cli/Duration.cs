using System.Globalization;

namespace Beach.Actors.Cli;

/// <summary>Durations as people type them: <c>250ms</c>, <c>30s</c>, <c>5m</c>, <c>1h</c>, <c>7d</c>, or <c>hh:mm:ss</c>.</summary>
internal static class Duration
{
    public static TimeSpan Parse(string text)
    {
        var units = new (string Suffix, Func<double, TimeSpan> Make)[]
        {
            ("ms", TimeSpan.FromMilliseconds), ("s", TimeSpan.FromSeconds), ("m", TimeSpan.FromMinutes), ("h", TimeSpan.FromHours), ("d", TimeSpan.FromDays),
        };
        foreach (var (suffix, make) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text[..^suffix.Length], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) && amount > 0)
            {
                return make(amount);
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero
            ? span
            : throw new CliException($"'{text}' is not a duration: write e.g. 250ms, 30s, 5m, 1h, 7d or 01:30:00.");
    }
}
