using System.CommandLine;

namespace Beach.Actors.Cli.Commands;

/// <summary><c>beach lease acquire|renew|release</c>: a session's controller lease.</summary>
internal static class LeaseCommands
{
    public static Command Build(Func<ParseResult, CliContext> context)
    {
        var acquire = LeaseCommand("acquire", "Acquires the session's controller lease.", context, withController: true, withLease: false);
        var renew = LeaseCommand("renew", "Extends the current lease.", context, withController: false, withLease: true);

        var session = new Argument<string>("session") { Description = "The session id." };
        var leaseId = new Option<string>("--lease") { Description = "The lease id.", Required = true };
        var release = new Command("release", "Gives the lease up.") { session, leaseId };
        release.SetAction(async (parse, cancel) =>
        {
            var cli = context(parse);
            using var api = cli.Api();
            cli.Printer.Print(await api.DeleteAsync($"{Path(parse.GetValue(session)!)}?lease_id={Uri.EscapeDataString(parse.GetValue(leaseId)!)}", cancel));
            return BeachCli.EXIT_OK;
        });

        return new Command("lease", "Controller leases.") { acquire, renew, release };
    }

    private static Command LeaseCommand(string name, string description, Func<ParseResult, CliContext> context, bool withController, bool withLease)
    {
        var session = new Argument<string>("session") { Description = "The session id." };
        var controller = new Option<string>("--controller") { Description = "The controller that holds the lease.", Required = withController };
        var leaseId = new Option<string>("--lease") { Description = "The lease id to renew.", Required = true };
        var ttl = new Option<string>("--ttl") { Description = "How long the lease lasts: 30s, 5m.", DefaultValueFactory = _ => "30s" };
        var command = new Command(name, description) { session, ttl, CliOptions.IdempotencyKey };
        if (withController || withLease)
        {
            command.Options.Add(controller);
        }

        if (withLease)
        {
            command.Options.Add(leaseId);
        }

        command.SetAction(async (parse, cancel) =>
        {
            var cli = context(parse);
            using var api = cli.Api();
            var body = new
            {
                ControllerId = parse.GetValue(controller),
                LeaseId = withLease ? parse.GetValue(leaseId) : null,
                TtlMs = (long)Duration.Parse(parse.GetValue(ttl)!).TotalMilliseconds,
            };
            cli.Printer.Print(await api.PostAsync(Path(parse.GetValue(session)!), body, parse.GetValue(CliOptions.IdempotencyKey), cancel));
            return BeachCli.EXIT_OK;
        });
        return command;
    }

    private static string Path(string session) => $"/sessions/{Uri.EscapeDataString(session)}/controller/lease";
}
