using System.Globalization;

namespace Beach.Actors.Bench.Measurement;

/// <summary>
/// The machine's CPU time by kind, summed over its cores, from the first line of <c>/proc/stat</c> (Linux; elsewhere
/// every reading is empty). Two readings say how much of a window the cores were idle and how much the hypervisor
/// gave to other guests (steal): on this shared virtual machine a row run while steal was high is slower for reasons
/// outside the code, so the tables print it beside the figures.
/// </summary>
internal readonly record struct MachineCpu(long Idle, long Steal, long Total)
{
    private const string STAT = "/proc/stat";

    public static MachineCpu Read()
    {
        try
        {
            using var reader = new StreamReader(STAT);
            var fields = reader.ReadLine()?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields is not { Length: >= 9 } || fields[0] != "cpu")
            {
                return default;
            }

            // user nice system idle iowait irq softirq steal [guest guest_nice, already counted in user and nice]
            var ticks = fields.Skip(1).Take(8).Select(field => long.Parse(field, CultureInfo.InvariantCulture)).ToArray();
            return new MachineCpu(ticks[3] + ticks[4], ticks[7], ticks.Sum());
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return default;
        }
    }

    /// <summary>The share of the window since <paramref name="earlier"/> in which the cores were idle, in percent.</summary>
    public double IdlePercentSince(MachineCpu earlier) => Percent(Idle - earlier.Idle, Total - earlier.Total);

    /// <summary>The share of the window since <paramref name="earlier"/> the hypervisor took (steal), in percent.</summary>
    public double StealPercentSince(MachineCpu earlier) => Percent(Steal - earlier.Steal, Total - earlier.Total);

    private static double Percent(long part, long total) => total <= 0 ? double.NaN : 100.0 * part / total;
}
