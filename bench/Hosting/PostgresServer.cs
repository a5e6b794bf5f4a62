using System.Diagnostics;

namespace Beach.Actors.Bench.Hosting;

/// <summary>
/// A throwaway PostgreSQL server for one bench run, started by <c>scripts/postgres-test-server.sh</c> in a temporary
/// folder; stopping it asks the script to stop the server by the PID it recorded there and to remove the folder, so no
/// <c>postgres</c> process outlives the run.
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    private const string SCRIPT = "scripts/postgres-test-server.sh";

    /// <summary>Covers installing PostgreSQL with apt-get on a machine that lacks it, besides initdb and start-up.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The script waits up to 15 s for a fast shutdown and then kills the server.</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The kernel's USER_HZ, the unit of CPU times in <c>/proc/&lt;pid&gt;/stat</c>: 100 on every Linux build that matters.</summary>
    private const double CLOCK_TICKS_PER_SECOND = 100;

    private readonly string _script;
    private readonly string _directory;

    private PostgresServer(string script, string directory, string connectionString)
    {
        _script = script;
        _directory = directory;
        ConnectionString = connectionString;
    }

    /// <summary>The Npgsql connection string of the server's database, as the script printed it.</summary>
    public string ConnectionString { get; }

    public static async Task<PostgresServer> StartAsync()
    {
        var script = FindScript();
        var directory = Directory.CreateTempSubdirectory("beach-bench-postgres-").FullName;
        try
        {
            await RunScriptAsync(script, "start", directory, StartTimeout);
            var connectionString = (await File.ReadAllTextAsync(Path.Combine(directory, "connection-string"))).Trim();
            return new PostgresServer(script, directory, connectionString);
        }
        catch
        {
            await RunScriptAsync(script, "stop", directory, StopTimeout);
            throw;
        }
    }

    /// <summary>
    /// CPU time of the whole server so far: the postmaster with the backends it has reaped, and the live backends and
    /// helpers under it. Read from <c>/proc</c>, so zero where there is none; <c>10 ms</c> resolution.
    /// </summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            if (!int.TryParse(File.ReadAllText(Path.Combine(_directory, "postgres.pid")).Trim(), out var postmaster)
                || ReadStat(postmaster) is not { } own)
            {
                return TimeSpan.Zero;
            }

            var ticks = own.Ticks + own.ReapedChildTicks;
            foreach (var folder in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(folder), out var pid) && pid != postmaster && ReadStat(pid) is { } child && child.Parent == postmaster)
                {
                    ticks += child.Ticks;
                }
            }

            return TimeSpan.FromSeconds(ticks / CLOCK_TICKS_PER_SECOND);
        }
    }

    public async ValueTask DisposeAsync() => await RunScriptAsync(_script, "stop", _directory, StopTimeout);

    private static async Task RunScriptAsync(string script, string verb, string directory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(verb);
        start.ArgumentList.Add(directory);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {script}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{SCRIPT} {verb} did not finish in {timeout.TotalSeconds:0} s.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{SCRIPT} {verb} exited with {process.ExitCode}: {await stderr}{await stdout}");
        }
    }

    /// <summary>Fields 4 (ppid), 14–15 (utime, stime) and 16–17 (cutime, cstime) of <c>/proc/&lt;pid&gt;/stat</c>.</summary>
    private static (int Parent, long Ticks, long ReapedChildTicks)? ReadStat(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null; // gone meanwhile
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // The command name, field 2, is in parentheses and may hold spaces: count fields from after its last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (int.Parse(fields[1]), long.Parse(fields[11]) + long.Parse(fields[12]), long.Parse(fields[13]) + long.Parse(fields[14]));
    }

    /// <summary>The script sits at the repository root, above the bench's build output and above the working folder.</summary>
    private static string FindScript()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                var candidate = Path.Combine(folder.FullName, SCRIPT);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException($"{SCRIPT} was not found above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}.");
    }
}
