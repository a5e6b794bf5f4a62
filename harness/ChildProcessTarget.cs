using System.Diagnostics;

namespace Beach.Actors.Harness;

/// <summary>
/// The target the harness drives: a child process whose stdin receives the text of the actions. The harness owns
/// it: it is started here, and killed with its process tree when the harness stops.
/// </summary>
internal sealed class ChildProcessTarget : IAsyncDisposable
{
    private readonly Process _process;

    private ChildProcessTarget(Process process)
    {
        _process = process;
    }

    public int ProcessId => _process.Id;

    /// <summary>Completes with the exit code when the process ends.</summary>
    public Task<int> Exited { get; private init; } = Task.FromResult(0);

    public static ChildProcessTarget Start(IReadOnlyList<string> command)
    {
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var exited = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.Exited += (_, _) => exited.TrySetResult(process.ExitCode);
        process.Start();
        process.StandardInput.AutoFlush = false;
        if (process.HasExited)
        {
            exited.TrySetResult(process.ExitCode);
        }

        return new ChildProcessTarget(process) { Exited = exited.Task };
    }

    public Task WriteAsync(string text, CancellationToken cancellationToken)
        => _process.StandardInput.WriteAsync(text.AsMemory(), cancellationToken);

    /// <summary>Flushes what a batch of actions wrote: one flush per batch, not per action.</summary>
    public Task FlushAsync(CancellationToken cancellationToken) => _process.StandardInput.FlushAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                // Closing stdin lets a well-behaved target (cat, a shell) finish on its own; then it gets a moment.
                _process.StandardInput.Close();
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                try
                {
                    await _process.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                }
            }
        }
        catch (InvalidOperationException)
        {
            // It was never started or is gone already.
        }
        finally
        {
            _process.Dispose();
        }
    }
}
