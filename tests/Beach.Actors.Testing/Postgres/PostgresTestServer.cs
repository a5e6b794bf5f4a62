using System.Diagnostics;
using Npgsql;

namespace Beach.Actors.Testing.Postgres;

/// <summary>
/// The PostgreSQL server the tests of this process use. <c>./test.sh</c> starts one and exports its connection
/// string as <see cref="EnvironmentVariable"/>; when that is unset (say <c>dotnet test</c> on one project), the first
/// use starts a server of this process's own through <c>scripts/postgres-test-server.sh</c> and stops it when the
/// process exits.
/// </summary>
public static class PostgresTestServer
{
    /// <summary>The environment variable that holds the server's Npgsql connection string.</summary>
    public const string EnvironmentVariable = "BEACH_TEST_POSTGRES";

    private const string Script = "scripts/postgres-test-server.sh";
    private const string Announcement = EnvironmentVariable + "=";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);
    private static readonly Lazy<string> Started = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The connection string of the server, as the non-superuser role <c>beach</c>, to its database <c>beach_test</c>.</summary>
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured ? configured : Started.Value;

    private static string Start()
    {
        var script = FindScript();
        var directory = Directory.CreateTempSubdirectory("beach-postgres-").FullName;
        var start = new ProcessStartInfo("bash", [script, "start", directory]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot run {script}.");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(StartTimeout) || process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{script} start failed (exit {(process.HasExited ? process.ExitCode : -1)}): {error.Result}{Environment.NewLine}" +
                $"Run the tests with ./test.sh, or set {EnvironmentVariable} to the connection string of a server where role 'beach' may create databases.");
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(script, directory);
        var line = output.Split('\n').Select(text => text.Trim()).LastOrDefault(text => text.StartsWith(Announcement, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"{script} start printed no {Announcement} line: {output}");
        return line[Announcement.Length..];
    }

    private static void Stop(string script, string directory)
    {
        NpgsqlConnection.ClearAllPools();
        using var process = Process.Start(new ProcessStartInfo("bash", [script, "stop", directory]));
        process?.WaitForExit(TimeSpan.FromSeconds(30));
    }

    private static string FindScript()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, Script);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"{EnvironmentVariable} is not set and no {Script} was found above {AppContext.BaseDirectory}. Run the tests with ./test.sh.");
    }
}
