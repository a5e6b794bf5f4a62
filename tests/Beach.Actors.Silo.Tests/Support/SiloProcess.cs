using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Beach.Actors.Testing.Http;

namespace Beach.Actors.Silo.Tests.Support;

/// <summary>
/// The silo executable (<c>dotnet Beach.Actors.Silo.dll</c>) running as a child process on a loopback port that it
/// picks itself and prints. The test owns the process: it is killed by its own id on dispose, even when the test fails.
/// </summary>
internal sealed partial class SiloProcess : IAsyncDisposable
{
    private const int KEPT_OUTPUT_LINES = 200;
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _token = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private HttpClient? _http;

    private SiloProcess(Process process)
    {
        _process = process;
    }

    public int ProcessId => _process.Id;

    public ControlPlaneClient Client => new(_http ?? throw new InvalidOperationException("The silo has not started."));

    /// <summary>Starts the silo on <paramref name="dataDirectory"/> and returns once <c>/healthz</c> answers.</summary>
    public static async Task<SiloProcess> StartAsync(string dataDirectory)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "Beach.Actors.Silo.dll"), "--url", "http://127.0.0.1:0", "--data", dataDirectory })
        {
            start.ArgumentList.Add(argument);
        }

        var silo = new SiloProcess(new Process { StartInfo = start, EnableRaisingEvents = true });
        try
        {
            await silo.StartAsync();
            return silo;
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL, to the silo and anything it started: no shutdown hooks run, nothing is flushed.</summary>
    public async Task KillAsync()
    {
        if (!HasExited())
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>What the silo printed last, for a failure message.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        try
        {
            await KillAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started: there is no process to stop.
        }

        _process.Dispose();
    }

    private async Task StartAsync()
    {
        _process.OutputDataReceived += (_, line) => Keep(line.Data);
        _process.ErrorDataReceived += (_, line) => Keep(line.Data);
        _process.Exited += (_, _) =>
        {
            _listening.TrySetException(new InvalidOperationException($"The silo exited with {_process.ExitCode} before it listened:{Environment.NewLine}{Output}"));
            _token.TrySetException(new InvalidOperationException($"The silo exited with {_process.ExitCode} before it printed a token:{Environment.NewLine}{Output}"));
        };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(s_startTimeout);
        Uri address;
        string token;
        try
        {
            address = await _listening.Task.WaitAsync(timeout.Token);
            token = await _token.Task.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The silo did not print its address and token within {s_startTimeout}:{Environment.NewLine}{Output}");
        }

        // The admin token the silo prints at start, as a user of the quick start would paste it.
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        while (true)
        {
            try
            {
                using var health = await _http.GetAsync("/healthz", timeout.Token);
                if (health.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (!timeout.IsCancellationRequested && !HasExited())
            {
                // Not accepting connections yet.
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The silo's /healthz did not answer within {s_startTimeout}:{Environment.NewLine}{Output}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), timeout.Token);
        }
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

        if (ListeningLine().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value));
        }

        if (TokenLine().Match(line) is { Success: true } token)
        {
            _token.TrySetResult(token.Groups[1].Value);
        }
    }

    private bool HasExited()
    {
        try
        {
            return _process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    /// <summary>The host that ran these tests, so the silo runs on the same runtime.</summary>
    private static string DotnetHost()
        => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
            : Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path
            : "dotnet";

    [GeneratedRegex(@"^\s*listening\s+(http://\S+)\s*$")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"^\s*token\s+(\S+\.\S+\.\S+)\s*$")]
    private static partial Regex TokenLine();
}
