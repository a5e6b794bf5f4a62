using System.Collections.Concurrent;
using System.Diagnostics;

namespace Beach.Actors.Gateway.Tests.Support;

/// <summary>
/// The harness sidecar (<c>dotnet beach-harness.dll</c>) as a child process driving a real target process. The test
/// owns it: it is killed with its process tree, by its own id, on dispose.
/// </summary>
internal sealed class HarnessProcess : IAsyncDisposable
{
    private const int KEPT_OUTPUT_LINES = 200;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private HarnessProcess(Process process)
    {
        _process = process;
    }

    /// <summary>What the harness printed last, for a failure message.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    public bool HasExited => _process.HasExited;

    /// <summary>Starts a harness for <paramref name="sessionId"/> at <paramref name="url"/> whose target runs <paramref name="target"/>.</summary>
    public static HarnessProcess Start(Uri url, string sessionId, IReadOnlyList<string> target, string? token = null)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            Path.Combine(AppContext.BaseDirectory, "beach-harness.dll"),
            "--url", url.ToString(),
            "--session", sessionId,
            "--harness-id", "harness-e2e",
            "--heartbeat-ms", "1000",
            "--poll-timeout-ms", "2000",
            .. token is null ? Array.Empty<string>() : ["--token", token],
            "--",
            .. target,
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var harness = new HarnessProcess(new Process { StartInfo = start, EnableRaisingEvents = true });
        harness._process.OutputDataReceived += (_, line) => harness.Keep(line.Data);
        harness._process.ErrorDataReceived += (_, line) => harness.Keep(line.Data);
        harness._process.Start();
        harness._process.BeginOutputReadLine();
        harness._process.BeginErrorReadLine();
        return harness;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (InvalidOperationException)
        {
            // It never started.
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > KEPT_OUTPUT_LINES && _output.TryDequeue(out _))
        {
        }
    }

    private static string DotnetHost()
        => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
            : Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path
            : "dotnet";
}
