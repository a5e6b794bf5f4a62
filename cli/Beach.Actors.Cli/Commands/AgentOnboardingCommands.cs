using System.CommandLine;

namespace Beach.Actors.Cli.Commands;

/// <summary>
/// <c>beach agents onboard|refresh|onboarding|offboard</c> and <c>beach agents templates create|list|show</c>:
/// applying a template to an agent on sessions, and the agent's short-lived token.
/// </summary>
internal static class AgentOnboardingCommands
{
    public static IEnumerable<Command> Build(Func<ParseResult, CliContext> context)
    {
        var id = new Argument<string>("id") { Description = "The agent id." };
        var template = new Option<string>("--template") { Description = "The template id (beach agents templates list).", Required = true };
        var templateVersion = new Option<int?>("--template-version") { Description = "Its version; the newest when absent." };
        var sessions = new Option<string[]>("--session") { Description = "A session for the agent to control; repeat for more.", Required = true, AllowMultipleArgumentsPerToken = true };
        var onboard = new Command("onboard", "Applies a template to the agent on sessions: takes their controller leases and prints the agent's token (at most 5 minutes).")
        {
            id, template, templateVersion, sessions, CliOptions.IdempotencyKey,
        };
        onboard.SetAction(async (parse, cancel) =>
        {
            var cli = context(parse);
            using var api = cli.Api();
            var body = new { TemplateId = parse.GetValue(template), TemplateVersion = parse.GetValue(templateVersion), SessionIds = parse.GetValue(sessions) };
            cli.Printer.Print(await api.PostAsync(AgentCommands.PathOf(parse.GetValue(id)!, "onboard"), body, parse.GetValue(CliOptions.IdempotencyKey), cancel));
            return BeachCli.EXIT_OK;
        });

        var refreshId = new Argument<string>("id") { Description = "The agent id." };
        var refresh = new Command("refresh", "Issues the agent a new token while its assignment stands (send the agent's own token, or an operator's).") { refreshId };
        refresh.SetAction(async (parse, cancel) =>
        {
            var cli = context(parse);
            using var api = cli.Api();
            cli.Printer.Print(await api.SendAsync(HttpMethod.Post, AgentCommands.PathOf(parse.GetValue(refreshId)!, "onboard/refresh"), null, null, cancel));
            return BeachCli.EXIT_OK;
        });

        var showId = new Argument<string>("id") { Description = "The agent id." };
        var show = new Command("onboarding", "The agent's assignment: template, sessions and leases, scopes, token expiry.") { showId };
        show.SetAction(async (parse, cancel) =>
        {
            var cli = context(parse);
            using var api = cli.Api();
            cli.Printer.Print(await api.GetAsync(AgentCommands.PathOf(parse.GetValue(showId)!, "onboarding"), cancel));
            return BeachCli.EXIT_OK;
        });

        var offId = new Argument<string>("id") { Description = "The agent id." };
        var offboard = new Command("offboard", "Ends the agent's assignment: its leases are released and its tokens refused.") { offId };
        offboard.SetAction(async (parse, cancel) =>
        {
            var cli = context(parse);
            using var api = cli.Api();
            cli.Printer.Print(await api.DeleteAsync(AgentCommands.PathOf(parse.GetValue(offId)!, "onboard"), cancel));
            return BeachCli.EXIT_OK;
        });

        return [onboard, refresh, show, offboard, Templates(context)];
    }

    private static Command Templates(Func<ParseResult, CliContext> context)
    {
        var file = new Option<string>("--file") { Description = "A JSON file: template_id, name, harness_types, prompt_pack {system, prompts}, tools [{name, maps_to?}].", Required = true };
        var create = new Command("create", "Adds a template as the next version of its id.") { file, CliOptions.IdempotencyKey };
        create.SetAction(async (parse, cancel) =>
        {
            var cli = context(parse);
            using var api = cli.Api();
            var body = AgentCommands.ParseJson("--file", await File.ReadAllTextAsync(parse.GetValue(file)!, cancel));
            cli.Printer.Print(await api.PostAsync("/onboarding/templates", body, parse.GetValue(CliOptions.IdempotencyKey), cancel));
            return BeachCli.EXIT_OK;
        });

        var list = new Command("list", "The tenant's templates and their versions.");
        list.SetAction(async (parse, cancel) =>
        {
            var cli = context(parse);
            using var api = cli.Api();
            cli.Printer.Print(await api.GetAsync("/onboarding/templates", cancel));
            return BeachCli.EXIT_OK;
        });

        var id = new Argument<string>("template") { Description = "The template id." };
        var version = new Option<int?>("--version") { Description = "A version; the newest when absent." };
        var show = new Command("show", "A template version.") { id, version };
        show.SetAction(async (parse, cancel) =>
        {
            var cli = context(parse);
            using var api = cli.Api();
            var query = AgentCommands.QueryOf(("version", parse.GetValue(version)?.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            cli.Printer.Print(await api.GetAsync($"/onboarding/templates/{Uri.EscapeDataString(parse.GetValue(id)!)}{query}", cancel));
            return BeachCli.EXIT_OK;
        });

        return new Command("templates", "Onboarding templates: prompt packs and MCP bridge maps.") { create, list, show };
    }
}
