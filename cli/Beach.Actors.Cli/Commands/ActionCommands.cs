using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace Beach.Actors.Cli.Commands;

/// <summary><c>beach actions send|pending|stats|stop</c>: a session's action pipeline.</summary>
internal static class ActionCommands
{
    public static Command Build(Func<ParseResult, CliContext> context)
    {
        var session = new Argument<string>("session") { Description = "The session id." };
        var lease = new Option<string>("--lease") { Description = "The current lease's id.", Required = true };
        var token = new Option<long>("--fencing-token") { Description = "The current lease's fencing token.", Required = true };
        var kind = new Option<string>("--kind") { Description = "What to do, e.g. terminal_line.", Required = true };
        var text = new Option<string?>("--text") { Description = "Shorthand for --payload '{\"text\":…}'." };
        var payload = new Option<string?>("--payload") { Description = "The action's arguments as JSON." };
        var send = new Command("send", "Queues one action under the current lease.") { session, lease, token, kind, text, payload, CliOptions.IdempotencyKey };
        send.SetAction(async (parse, cancel) =>
        {
            var cli = context(parse);
            using var api = cli.Api();
            var body = new
            {
                LeaseId = parse.GetValue(lease),
                FencingToken = parse.GetValue(token),
                Action = new { Kind = parse.GetValue(kind), Payload = Payload(parse.GetValue(text), parse.GetValue(payload)) },
            };
            cli.Printer.Print(await api.PostAsync($"{Path(parse.GetValue(session)!)}/actions", body, parse.GetValue(CliOptions.IdempotencyKey), cancel));
            return BeachCli.EXIT_OK;
        });

        var pendingSession = new Argument<string>("session") { Description = "The session id." };
        var pending = new Command("pending", "Lists the actions waiting for an ack.") { pendingSession };
        pending.SetAction(async (parse, cancel) =>
        {
            var cli = context(parse);
            using var api = cli.Api();
            cli.Printer.Print(await api.GetAsync($"{Path(parse.GetValue(pendingSession)!)}/actions/pending", cancel));
            return BeachCli.EXIT_OK;
        });

        var statsSession = new Argument<string>("session") { Description = "The session id." };
        var stats = new Command("stats", "Counters and delivery/ack latency percentiles.") { statsSession };
        stats.SetAction(async (parse, cancel) =>
        {
            var cli = context(parse);
            using var api = cli.Api();
            cli.Printer.Print(await api.GetAsync($"{Path(parse.GetValue(statsSession)!)}/actions/stats", cancel));
            return BeachCli.EXIT_OK;
        });

        var stopSession = new Argument<string>("session") { Description = "The session id." };
        var reason = new Option<string>("--reason") { Description = "Why; recorded in the audit log with who stopped it.", Required = true };
        var stop = new Command("stop", "Emergency stop: revokes the lease and cancels every queued action.") { stopSession, reason, CliOptions.IdempotencyKey };
        stop.SetAction(async (parse, cancel) =>
        {
            var cli = context(parse);
            using var api = cli.Api();
            cli.Printer.Print(await api.PostAsync(
                $"{Path(parse.GetValue(stopSession)!)}/emergency-stop", new { Reason = parse.GetValue(reason) }, parse.GetValue(CliOptions.IdempotencyKey), cancel));
            return BeachCli.EXIT_OK;
        });

        return new Command("actions", "The action pipeline: send, pending, stats, emergency stop.") { send, pending, stats, stop };
    }

    private static JsonElement? Payload(string? text, string? json)
    {
        if (text is not null && json is not null)
        {
            throw new CliException("give --text or --payload, not both.");
        }

        if (text is not null)
        {
            return JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["text"] = text });
        }

        if (json is null)
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(json).RootElement.Clone();
        }
        catch (JsonException malformed)
        {
            throw new CliException(string.Create(CultureInfo.InvariantCulture, $"--payload is not JSON: {malformed.Message}"));
        }
    }

    private static string Path(string session) => $"/sessions/{Uri.EscapeDataString(session)}";
}
