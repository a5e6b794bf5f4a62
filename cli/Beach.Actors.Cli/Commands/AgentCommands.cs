using System.CommandLine;
using System.Text.Json;

namespace Beach.Actors.Cli.Commands;

/// <summary>
/// <c>beach agents list|show|register|start|stop|retire|health|logs</c>, with <c>config …</c>
/// (<see cref="AgentConfigCommands"/>) and onboarding (<see cref="AgentOnboardingCommands"/>).
/// </summary>
internal static class AgentCommands
{
    public static Command Build(Func<ParseResult, CliContext> context)
    {
        var agents = new Command("agents", "Agents: registry, lifecycle, health, configuration, logs and onboarding.")
        {
            List(context), Show(context), Register(context),
            Lifecycle("start", "Starts an agent (registered, stopped or failed → running).", context),
            Lifecycle("stop", "Stops a running agent.", context),
            Lifecycle("retire", "Retires an agent for good.", context),
            Read("health", "An agent's health: state, last heartbeat, missed beats, restart policy.", "health", context),
            Logs(context),
            AgentConfigCommands.Build(context),
        };
        foreach (var command in AgentOnboardingCommands.Build(context))
        {
            agents.Subcommands.Add(command);
        }

        return agents;
    }

    /// <summary>The path of agent <paramref name="id"/>, escaped.</summary>
    public static string PathOf(string id, string? rest = null) => $"/agents/{Uri.EscapeDataString(id)}{(rest is null ? "" : "/" + rest)}";

    /// <summary>A query string of the parameters that are set.</summary>
    public static string QueryOf(params (string Name, string? Value)[] parameters)
    {
        var set = parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return set.Count == 0 ? "" : "?" + string.Join("&", set);
    }

    private static Command List(Func<ParseResult, CliContext> context)
    {
        var type = new Option<string?>("--type") { Description = "Only agents of this type." };
        var status = new Option<string?>("--status") { Description = "Only agents in this state: discovered, registered, running, stopped, failed, retired." };
        var prefix = new Option<string?>("--name-prefix") { Description = "Only agents whose name starts so." };
        var cursor = new Option<string?>("--cursor") { Description = "The next_cursor of the page before." };
        var limit = new Option<int?>("--limit") { Description = "Agents per page (1–1,000; default 100)." };
        var list = new Command("list", "Lists the tenant's agents in id order.") { type, status, prefix, cursor, limit };
        list.SetAction(async (parse, cancel) =>
        {
            var cli = context(parse);
            using var api = cli.Api();
            var query = QueryOf(("type", parse.GetValue(type)), ("status", parse.GetValue(status)), ("name_prefix", parse.GetValue(prefix)),
                ("cursor", parse.GetValue(cursor)), ("limit", parse.GetValue(limit)?.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            cli.Printer.Print(await api.GetAsync("/agents" + query, cancel));
            return BeachCli.EXIT_OK;
        });
        return list;
    }

    private static Command Show(Func<ParseResult, CliContext> context) => Read("show", "Reads an agent.", null, context);

    private static Command Read(string name, string description, string? rest, Func<ParseResult, CliContext> context)
    {
        var id = new Argument<string>("id") { Description = "The agent id, {type}-{uuid}." };
        var command = new Command(name, description) { id };
        command.SetAction(async (parse, cancel) =>
        {
            var cli = context(parse);
            using var api = cli.Api();
            cli.Printer.Print(await api.GetAsync(PathOf(parse.GetValue(id)!, rest), cancel));
            return BeachCli.EXIT_OK;
        });
        return command;
    }

    private static Command Register(Func<ParseResult, CliContext> context)
    {
        var name = new Option<string>("--name") { Description = "The agent's name.", Required = true };
        var version = new Option<string>("--version") { Description = "Its semantic version, e.g. 1.0.0.", Required = true };
        var type = new Option<string>("--type") { Description = "Its type (lower case): the id is {type}-{uuid}.", Required = true };
        var description = new Option<string?>("--description") { Description = "What it does." };
        var topics = new Option<string[]>("--topic") { Description = "A subscribed topic; repeat for more.", AllowMultipleArgumentsPerToken = true };
        var findings = new Option<string?>("--findings-topic") { Description = "The topic it publishes findings to." };
        var capabilities = new Option<string[]>("--capability") { Description = "A capability; repeat for more.", AllowMultipleArgumentsPerToken = true };
        var schema = new Option<string?>("--config-schema") { Description = "Its configuration schema, a JSON object." };
        var register = new Command("register", "Registers an agent; prints it with its id.")
        {
            name, version, type, description, topics, findings, capabilities, schema, CliOptions.IdempotencyKey,
        };
        register.SetAction(async (parse, cancel) =>
        {
            var cli = context(parse);
            using var api = cli.Api();
            var body = new
            {
                Name = parse.GetValue(name),
                Version = parse.GetValue(version),
                Type = parse.GetValue(type),
                Description = parse.GetValue(description),
                SubscribedTopics = parse.GetValue(topics) ?? [],
                FindingsTopic = parse.GetValue(findings),
                Capabilities = parse.GetValue(capabilities) ?? [],
                ConfigSchema = parse.GetValue(schema) is { } json ? ParseJson("--config-schema", json) : (JsonElement?)null,
            };
            cli.Printer.Print(await api.PostAsync("/agents", body, parse.GetValue(CliOptions.IdempotencyKey), cancel));
            return BeachCli.EXIT_OK;
        });
        return register;
    }

    private static Command Lifecycle(string name, string description, Func<ParseResult, CliContext> context)
    {
        var id = new Argument<string>("id") { Description = "The agent id." };
        var reason = new Option<string?>("--reason") { Description = "Why, for the audit log." };
        var command = new Command(name, description) { id, reason, CliOptions.IdempotencyKey };
        command.SetAction(async (parse, cancel) =>
        {
            var cli = context(parse);
            using var api = cli.Api();
            cli.Printer.Print(await api.PostAsync(PathOf(parse.GetValue(id)!, name), new { Reason = parse.GetValue(reason) }, parse.GetValue(CliOptions.IdempotencyKey), cancel));
            return BeachCli.EXIT_OK;
        });
        return command;
    }

    private static Command Logs(Func<ParseResult, CliContext> context)
    {
        var id = new Argument<string>("id") { Description = "The agent id." };
        var level = new Option<string?>("--level") { Description = "The lowest level shown: debug, info, warning, error, critical." };
        var since = new Option<string?>("--since") { Description = "Only entries at or after this ISO-8601 time." };
        var limit = new Option<int?>("--limit") { Description = "At most this many entries (1–1,000; default 100)." };
        var logs = new Command("logs", "An agent's recent log entries, oldest first, with what the ring dropped.") { id, level, since, limit };
        logs.SetAction(async (parse, cancel) =>
        {
            var cli = context(parse);
            using var api = cli.Api();
            var query = QueryOf(("level", parse.GetValue(level)), ("since", parse.GetValue(since)), ("limit", parse.GetValue(limit)?.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            cli.Printer.Print(await api.GetAsync(PathOf(parse.GetValue(id)!, "logs") + query, cancel));
            return BeachCli.EXIT_OK;
        });
        return logs;
    }

    /// <summary>Parses <paramref name="json"/>, or says which option is not JSON.</summary>
    public static JsonElement ParseJson(string option, string json)
    {
        try
        {
            return JsonDocument.Parse(json).RootElement.Clone();
        }
        catch (JsonException problem)
        {
            throw new CliException($"{option} is not JSON: {problem.Message}");
        }
    }
}
