using System.CommandLine;
using System.Text.Json;

namespace Beach.Actors.Cli.Commands;

/// <summary><c>beach events &lt;session&gt; [--follow]</c>: the session's audited controller events.</summary>
internal static class EventCommands
{
    public static Command Build(Func<ParseResult, CliContext> context)
    {
        var session = new Argument<string>("session") { Description = "The session id." };
        var after = new Option<long>("--after") { Description = "Only events after this cursor (a seq).", DefaultValueFactory = _ => 0 };
        var limit = new Option<int?>("--limit") { Description = "Events per page (the server's default when absent)." };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep polling for new events until Ctrl+C." };
        var interval = new Option<string>("--interval") { Description = "How often --follow polls.", DefaultValueFactory = _ => "1s" };
        var events = new Command("events", "Lists a session's controller events, oldest first.") { session, after, limit, follow, interval };
        events.SetAction(async (parse, cancel) =>
        {
            var cli = context(parse);
            using var api = cli.Api();
            var cursor = parse.GetValue(after);
            var pause = Duration.Parse(parse.GetValue(interval)!);
            var pageLimit = parse.GetValue(limit);
            while (true)
            {
                var page = await api.GetAsync($"/sessions/{Uri.EscapeDataString(parse.GetValue(session)!)}/controller-events?after={cursor}{(pageLimit is { } l ? $"&limit={l}" : string.Empty)}", cancel);
                var list = page?.GetProperty("events") ?? default;
                var next = page?.GetProperty("next_cursor").GetInt64() ?? cursor;
                if (!parse.GetValue(follow))
                {
                    cli.Printer.Print(page);
                    return BeachCli.EXIT_OK;
                }

                if (list.ValueKind == JsonValueKind.Array && list.GetArrayLength() > 0)
                {
                    cli.Printer.Print(page);
                }

                if (next == cursor)
                {
                    await Task.Delay(pause, cancel);
                }

                cursor = next;
            }
        });
        return events;
    }
}
