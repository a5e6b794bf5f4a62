using System.CommandLine;
using Beach.Actors.Cli.Http;
using Beach.Actors.Cli.Output;

namespace Beach.Actors.Cli;

/// <summary>What one invocation works with: the parsed global options, the API client and the printer.</summary>
internal sealed class CliContext(ParseResult parse, TextWriter output, HttpMessageHandler? handler)
{
    public Printer Printer { get; } = new(output, parse.GetValue(CliOptions.Output));

    public TextWriter Output { get; } = output;

    /// <summary>A client for the control plane named by <c>--url</c>, sending <c>--token</c>.</summary>
    public ControlPlaneApi Api() => new(new Uri(parse.GetValue(CliOptions.Url)!), Token, handler);

    private string? Token => parse.GetValue(CliOptions.Token)
                             ?? (Environment.GetEnvironmentVariable("BEACH_TOKEN") is { Length: > 0 } token ? token : null);
}
