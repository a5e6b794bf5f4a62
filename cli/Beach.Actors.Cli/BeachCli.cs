using System.CommandLine;
using Beach.Actors.Cli.Commands;
using Beach.Actors.Cli.Http;
using Beach.Actors.Cli.Output;

namespace Beach.Actors.Cli;

/// <summary>
/// <c>beach</c>, the operators' and scripts' client of the control plane. One file per command group under
/// <c>Commands/</c>; each builds its <see cref="Command"/> from a <see cref="CliContext"/> factory. Errors print the
/// server's problem detail and exit 1; never a stack trace.
/// </summary>
internal static class BeachCli
{
    public const int EXIT_OK = 0;
    public const int EXIT_FAILED = 1;
    public const int EXIT_USAGE = 2;

    /// <summary>Runs one command line. <paramref name="handler"/> replaces the HTTP stack (tests).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, HttpMessageHandler? handler = null, CancellationToken cancellationToken = default)
    {
        var root = Build(output, handler);
        var parse = root.Parse(args);
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, cancellationToken);
        }
        catch (ProblemException problem)
        {
            ProblemPrinter.Write(error, problem);
            return EXIT_FAILED;
        }
        catch (HttpRequestException unreachable)
        {
            await error.WriteLineAsync($"error: cannot reach {parse.GetValue(CliOptions.Url)}: {unreachable.Message}");
            return EXIT_FAILED;
        }
        catch (Exception failure) when (failure is CliException or InvalidOperationException or UriFormatException or IOException)
        {
            await error.WriteLineAsync($"error: {failure.Message}");
            return EXIT_FAILED;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return EXIT_OK;
        }
    }

    private static RootCommand Build(TextWriter output, HttpMessageHandler? handler)
    {
        CliContext Context(ParseResult parse) => new(parse, output, handler);
        var root = new RootCommand("beach: the Beach.Actors control plane from the command line.")
        {
            CliOptions.Url,
            CliOptions.Token,
            CliOptions.Output,
        };
        root.Subcommands.Add(TokenCommands.Build());
        root.Subcommands.Add(SessionCommands.Build(Context));
        root.Subcommands.Add(LeaseCommands.Build(Context));
        root.Subcommands.Add(EventCommands.Build(Context));
        root.Subcommands.Add(ActionCommands.Build(Context));
        root.Subcommands.Add(AuditCommands.Build(Context));
        root.Subcommands.Add(AgentCommands.Build(Context));
        return root;
    }
}
