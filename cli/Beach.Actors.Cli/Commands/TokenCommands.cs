using System.CommandLine;
using Beach.Actors.Gateway;
using Beach.Actors.Gateway.Security;

namespace Beach.Actors.Cli.Commands;

/// <summary><c>beach token mint</c>: signs a token offline with the embedded node's development key.</summary>
internal static class TokenCommands
{
    public static Command Build()
    {
        var data = new Option<string>("--data")
        {
            Description = "The embedded node's data folder, which holds its development key (env BEACH_DATA; default ./data).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("BEACH_DATA") is { Length: > 0 } folder ? folder : "./data",
        };
        var tenant = new Option<string>("--tenant")
        {
            Description = "The tenant the token acts for.",
            DefaultValueFactory = _ => GatewayOptions.DEFAULT_DEVELOPMENT_TENANT,
        };
        var scopes = new Option<string[]>("--scope")
        {
            Description = $"A scope to grant; repeat for more. One of: {string.Join(", ", Scopes.All)}.",
            AllowMultipleArgumentsPerToken = true,
        };
        scopes.AcceptOnlyFromAmong([.. Scopes.All]);
        var roles = new Option<string[]>("--role")
        {
            Description = $"A role to carry; repeat for more: {string.Join(", ", Roles.BuiltIn.Keys.Order(StringComparer.Ordinal))} or a custom role of the tenant (beach: PUT /roles/{{name}}).",
            AllowMultipleArgumentsPerToken = true,
        };
        var agentId = new Option<string?>("--agent-id") { Description = "The agent the token is bound to (needed with --role agent): it may then call only its own agent routes." };
        var ttl = new Option<string>("--ttl")
        {
            Description = "How long the token is valid: 30s, 5m, 1h, 7d.",
            DefaultValueFactory = _ => "1h",
        };
        var subject = new Option<string>("--subject")
        {
            Description = "The principal (the token's sub): a user, a controller, a harness. Rate limits count per subject.",
            DefaultValueFactory = _ => "cli",
        };

        var mint = new Command("mint", "Prints a token signed with the development key of --data (offline; the node need not run).")
        {
            data, tenant, scopes, roles, agentId, ttl, subject,
        };
        mint.SetAction(parse =>
        {
            var key = DevelopmentSigningKey.Read(DevelopmentSigningKey.PathIn(parse.GetValue(data)!));
            var tenantName = parse.GetValue(tenant)!;
            if (!TenantName.IsValid(tenantName))
            {
                throw new CliException($"--tenant '{tenantName}' must be 1–64 letters, digits, '.', '_' or '-'.");
            }

            var granted = parse.GetValue(scopes) ?? [];
            var carried = parse.GetValue(roles) ?? [];
            if (granted.Length == 0 && carried.Length == 0)
            {
                throw new CliException("Give the token at least one --scope or --role.");
            }

            if (carried.Contains(Roles.Agent) && parse.GetValue(agentId) is null)
            {
                throw new CliException("--role agent needs --agent-id: the agent whose own routes the token may call.");
            }

            var token = TokenIssuer.MintDevelopment(key, new TokenRequest(parse.GetValue(subject)!, tenantName, granted, Duration.Parse(parse.GetValue(ttl)!))
            {
                Roles = carried,
                AgentId = parse.GetValue(agentId),
            });
            parse.InvocationConfiguration.Output.WriteLine(token);
            return BeachCli.EXIT_OK;
        });

        var keyData = new Option<string>("--data") { Description = "The folder to keep the key in.", Required = true };
        var newKey = new Command("new-key", "Creates a development signing key in --data (owner-only; kept if one is there) for a gateway's --dev-key-file.")
        {
            keyData,
        };
        newKey.SetAction(parse =>
        {
            var folder = parse.GetValue(keyData)!;
            DevelopmentSigningKey.LoadOrCreate(folder);
            parse.InvocationConfiguration.Output.WriteLine(Path.GetFullPath(DevelopmentSigningKey.PathIn(folder)));
            return BeachCli.EXIT_OK;
        });

        return new Command("token", "Bearer tokens.") { mint, newKey };
    }
}
