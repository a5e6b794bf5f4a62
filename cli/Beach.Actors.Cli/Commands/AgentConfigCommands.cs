using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Beach.Actors.Cli.Commands;

/// <summary><c>beach agents config get|set|history|rollback</c>: an agent's layered, versioned configuration.</summary>
internal static class AgentConfigCommands
{
    public static Command Build(Func<ParseResult, CliContext> context)
    {
        var id = new Argument<string>("id") { Description = "The agent id." };
        var get = new Command("get", "The effective configuration; each value names its layer (default, environment, stored, runtime).") { id };
        get.SetAction(async (parse, cancel) =>
        {
            var cli = context(parse);
            using var api = cli.Api();
            var config = await api.GetAsync(AgentCommands.PathOf(parse.GetValue(id)!, "config"), cancel);
            if (config is { } json && parse.GetValue(CliOptions.Output) == OutputFormat.Table)
            {
                // One row per key: its value and where it came from.
                var rows = new JsonArray([.. json.GetProperty("values").EnumerateObject().Select(v => (JsonNode?)new JsonObject
                {
                    ["key"] = v.Name,
                    ["value"] = v.Value.GetProperty("value").ValueKind == JsonValueKind.String ? v.Value.GetProperty("value").GetString() : v.Value.GetProperty("value").GetRawText(),
                    ["origin"] = v.Value.GetProperty("origin").GetString(),
                })]);
                cli.Printer.PrintRows(JsonDocument.Parse(rows.ToJsonString()).RootElement);
                cli.Output.WriteLine($"version: {json.GetProperty("version").GetInt32().ToString(CultureInfo.InvariantCulture)}");
                return BeachCli.EXIT_OK;
            }

            cli.Printer.Print(config);
            return BeachCli.EXIT_OK;
        });

        var setId = new Argument<string>("id") { Description = "The agent id." };
        var pairs = new Argument<string[]>("key=value") { Description = "Values to set; a value that is JSON (30, true, \"x\") is taken as such, anything else as a string.", Arity = ArgumentArity.OneOrMore };
        var layer = new Option<string>("--layer") { Description = "The layer to change: stored or runtime.", DefaultValueFactory = _ => "stored" };
        layer.AcceptOnlyFromAmong("stored", "runtime");
        var replace = new Option<bool>("--replace") { Description = "Replace the layer with exactly these values instead of changing these keys in it." };
        var reason = new Option<string?>("--reason") { Description = "Why, for the history." };
        var set = new Command("set", "Changes keys of the stored (default) or runtime layer: a new version.") { setId, pairs, layer, replace, reason };
        set.SetAction(async (parse, cancel) =>
        {
            var cli = context(parse);
            using var api = cli.Api();
            var agent = parse.GetValue(setId)!;
            var layerName = parse.GetValue(layer)!;
            var values = new JsonObject();
            if (!parse.GetValue(replace))
            {
                // The layer as it stands is the newest version's.
                var history = await api.GetAsync(AgentCommands.PathOf(agent, "config/history"), cancel);
                if (history?.GetProperty("versions") is { ValueKind: JsonValueKind.Array } versions && versions.GetArrayLength() > 0
                    && versions[0].GetProperty(layerName) is { ValueKind: JsonValueKind.Object } current)
                {
                    values = JsonNode.Parse(current.GetRawText())!.AsObject();
                }
            }

            foreach (var pair in parse.GetValue(pairs)!)
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    throw new CliException($"'{pair}' is not key=value.");
                }

                values[pair[..equals]] = ValueOf(pair[(equals + 1)..]);
            }

            var body = new { Values = JsonDocument.Parse(values.ToJsonString()).RootElement, Layer = layerName, Reason = parse.GetValue(reason) };
            cli.Printer.Print(await api.SendAsync(HttpMethod.Put, AgentCommands.PathOf(agent, "config"), body, null, cancel));
            return BeachCli.EXIT_OK;
        });

        var historyId = new Argument<string>("id") { Description = "The agent id." };
        var historyCommand = new Command("history", "The configuration versions kept, newest first, with who changed what and when.") { historyId };
        historyCommand.SetAction(async (parse, cancel) =>
        {
            var cli = context(parse);
            using var api = cli.Api();
            cli.Printer.Print(await api.GetAsync(AgentCommands.PathOf(parse.GetValue(historyId)!, "config/history"), cancel));
            return BeachCli.EXIT_OK;
        });

        var rollbackId = new Argument<string>("id") { Description = "The agent id." };
        var version = new Option<int>("--version") { Description = "The version to return to (from config history).", Required = true };
        var rollbackReason = new Option<string?>("--reason") { Description = "Why, for the history." };
        var rollback = new Command("rollback", "Makes a new version equal to an earlier one.") { rollbackId, version, rollbackReason, CliOptions.IdempotencyKey };
        rollback.SetAction(async (parse, cancel) =>
        {
            var cli = context(parse);
            using var api = cli.Api();
            cli.Printer.Print(await api.PostAsync(AgentCommands.PathOf(parse.GetValue(rollbackId)!, "config/rollback"),
                new { Version = parse.GetValue(version), Reason = parse.GetValue(rollbackReason) }, parse.GetValue(CliOptions.IdempotencyKey), cancel));
            return BeachCli.EXIT_OK;
        });

        return new Command("config", "An agent's layered configuration.") { get, set, historyCommand, rollback };
    }

    private static JsonNode? ValueOf(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }
}
