using System.CommandLine;
using System.Globalization;
using System.Text;
using Beach.Actors.Audit;

namespace Beach.Actors.Cli.Commands;

/// <summary><c>beach audit list|verify</c>: the tenant's hash-chained audit log (needs a <c>pb:admin</c> token).</summary>
internal static class AuditCommands
{
    /// <summary>The exit code of <c>verify</c> when the chain is broken: a finding, not a failure to run.</summary>
    public const int EXIT_CHAIN_BROKEN = 3;

    public static Command Build(Func<ParseResult, CliContext> context)
    {
        var session = new Option<string?>("--session") { Description = "Only this session's records." };
        var controller = new Option<string?>("--controller") { Description = "Only records whose actor is this controller or principal." };
        var kind = new Option<string?>("--kind") { Description = "Only records of this kind, e.g. granted, actions_queued." };
        var since = new Option<string?>("--since") { Description = "Only records at or after this ISO-8601 time." };
        var until = new Option<string?>("--until") { Description = "Only records before this ISO-8601 time." };
        var after = new Option<long>("--after") { Description = "Only records after this cursor (a seq).", DefaultValueFactory = _ => 0 };
        var limit = new Option<int?>("--limit") { Description = "Records per page (the server's default when absent)." };
        var list = new Command("list", "Lists audit records, oldest first; pass next_cursor as --after to read on.") { session, controller, kind, since, until, after, limit };
        list.SetAction(async (parse, cancel) =>
        {
            var cli = context(parse);
            using var api = cli.Api();
            var query = new StringBuilder($"{AuditApiPage.PATH}?after={parse.GetValue(after).ToString(CultureInfo.InvariantCulture)}");
            Append(query, "session", parse.GetValue(session));
            Append(query, "controller", parse.GetValue(controller));
            Append(query, "kind", parse.GetValue(kind));
            Append(query, "since", parse.GetValue(since));
            Append(query, "until", parse.GetValue(until));
            Append(query, "limit", parse.GetValue(limit)?.ToString(CultureInfo.InvariantCulture));
            cli.Printer.Print(await api.GetAsync(query.ToString(), cancel));
            return BeachCli.EXIT_OK;
        });

        var verify = new Command("verify", $"Recomputes the tenant's hash chain over every record and names the first that does not match (exit {EXIT_CHAIN_BROKEN}).");
        verify.SetAction(async (parse, cancel) =>
        {
            var cli = context(parse);
            using var api = cli.Api();
            AuditChainVerifier? verifier = null;
            var cursor = 0L;
            while (true)
            {
                var answer = await api.GetAsync($"{AuditApiPage.PATH}?after={cursor.ToString(CultureInfo.InvariantCulture)}&limit={AuditQuery.MAX_LIMIT}", cancel)
                             ?? throw new CliException("GET /audit answered with no body.");

                // The page is re-read from its exact text: a record's data must reach the verifier byte for byte as stored.
                var page = AuditApiPage.Parse(Encoding.UTF8.GetBytes(answer.GetRawText()));
                verifier ??= new AuditChainVerifier(page.Tenant);
                foreach (var record in page.Records)
                {
                    if (verifier.Check(record) is { } broken)
                    {
                        await cli.Output.WriteLineAsync($"BROKEN tenant '{page.Tenant}': {broken.Describe()}.");
                        await cli.Output.WriteLineAsync($"{verifier.RecordsChecked} records checked; the chain is intact up to the record before seq {broken.Seq}.");
                        return EXIT_CHAIN_BROKEN;
                    }
                }

                if (page.Records.Count < AuditQuery.MAX_LIMIT)
                {
                    break;
                }

                cursor = page.NextCursor;
            }

            var result = verifier!.Result();
            await cli.Output.WriteLineAsync($"OK tenant '{result.Tenant}': {result.RecordsChecked} records, the chain is intact; head hash {result.HeadHash}.");
            return BeachCli.EXIT_OK;
        });

        return new Command("audit", "The audit log.") { list, verify };
    }

    private static void Append(StringBuilder query, string name, string? value)
    {
        if (value is not null)
        {
            query.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }
    }
}
