using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Beach.Actors.Audit;
using Microsoft.Extensions.Options;

namespace Beach.Actors.Agents;

/// <summary>
/// One tenant's agent index. Chosen over a query on grain storage, which the storage providers do not offer: a
/// bounded in-memory index (<see cref="AgentOptions.MaxAgentsPerTenant"/>) in agent-id order answers every filter and
/// cursor in one turn. Its durable form is the stream <c>agent-registry</c> in the audit log (added, updated, removed,
/// token minted and consumed), replayed on activation. The grain is reentrant so that registrations overlap their
/// appends (the audit writer commits them in groups): each call checks and changes the index before its first await,
/// and takes the change back if its append fails.
/// </summary>
[GrainType("agent-registry")]
[Reentrant]
internal sealed class AgentRegistryGrain(IAuditLog audit, TimeProvider timeProvider, IOptions<AgentOptions> options) : Grain, IAgentRegistryGrain
{
    private const string STREAM = "agent-registry";
    private const int REPLAY_PAGE = 1_000;
    private const int TOKEN_BYTES = 32;

    private readonly Dictionary<string, AgentRegistryEntry> _agents = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _order = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Name, string Version), string> _byNameVersion = [];
    private readonly Dictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private string _tenant = "";
    private AgentDiscoveryReport? _report;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _tenant = GetPrimaryKeyString();
        var after = 0L;
        while (true)
        {
            var page = await audit.ReadStreamAsync(_tenant, STREAM, after, REPLAY_PAGE, cancellationToken);
            foreach (var record in page)
            {
                Replay(record);
            }

            if (page.Count < REPLAY_PAGE)
            {
                break;
            }

            after = page[^1].Seq;
        }
    }

    public async Task AddAsync(AgentRegistryEntry entry, string? discoveryToken)
    {
        if (_byNameVersion.TryGetValue((entry.Name, entry.Version), out var existing))
        {
            throw new AgentDuplicateException(entry.Name, entry.Version, existing);
        }

        if (_agents.Count >= options.Value.MaxAgentsPerTenant)
        {
            throw new AgentRegistryFullException(options.Value.MaxAgentsPerTenant);
        }

        string? tokenHash = null;
        if (entry.Source == AgentSource.Api && options.Value.RequireDiscoveryToken)
        {
            tokenHash = ConsumeToken(discoveryToken);
        }

        Put(entry);
        try
        {
            if (tokenHash is not null)
            {
                await AppendAsync("token_consumed", null, JsonText.Object(w => w.WriteString("token_hash", tokenHash)));
            }

            await AppendAsync("added", null, Encode(entry));
        }
        catch
        {
            Remove(entry.AgentId);
            throw;
        }
    }

    public async Task UpdateAsync(AgentRegistryEntry entry)
    {
        if (_byNameVersion.TryGetValue((entry.Name, entry.Version), out var existing) && existing != entry.AgentId)
        {
            throw new AgentDuplicateException(entry.Name, entry.Version, existing);
        }

        var before = _agents.GetValueOrDefault(entry.AgentId);
        Remove(entry.AgentId);
        Put(entry);
        try
        {
            await AppendAsync("updated", null, Encode(entry));
        }
        catch
        {
            Remove(entry.AgentId);
            if (before is not null)
            {
                Put(before);
            }

            throw;
        }
    }

    public async Task RemoveAsync(string agentId)
    {
        if (Remove(agentId) is null)
        {
            return;
        }

        await AppendAsync("removed", null, JsonText.Object(w => w.WriteString("agent_id", agentId)));
    }

    public Task<AgentRegistryEntry?> FindAsync(string name, string version)
        => Task.FromResult(_byNameVersion.TryGetValue((name, version), out var id) ? _agents[id] : null);

    public Task<AgentPage> ListAsync(AgentQuery query)
    {
        var page = ImmutableArray.CreateBuilder<AgentRegistryEntry>(Math.Min(query.Limit, 64));
        IEnumerable<string> ids = _order;
        if (query.After is { } after && _order.Max is { } max && string.CompareOrdinal(after, max) < 0)
        {
            ids = _order.GetViewBetween(after, max).Where(id => id != after);
        }
        else if (query.After is not null)
        {
            ids = [];
        }

        string? last = null;
        var more = false;
        foreach (var id in ids)
        {
            var entry = _agents[id];
            if ((query.Type is not null && entry.Type != query.Type)
                || (query.Status is { } status && entry.Status != status)
                || (query.NamePrefix is not null && !entry.Name.StartsWith(query.NamePrefix, StringComparison.Ordinal)))
            {
                continue;
            }

            if (page.Count == query.Limit)
            {
                more = true;
                break;
            }

            page.Add(entry);
            last = id;
        }

        return Task.FromResult(new AgentPage(page.ToImmutable(), more ? last : null, _agents.Count));
    }

    public async Task<DiscoveryTokenGrant> MintDiscoveryTokenAsync(string? actor)
    {
        var now = timeProvider.GetUtcNow();
        foreach (var expired in _tokens.Where(t => t.Value <= now).Select(t => t.Key).ToList())
        {
            _tokens.Remove(expired);
        }

        if (_tokens.Count >= options.Value.MaxOutstandingDiscoveryTokens)
        {
            throw new OverloadedException(
                $"The tenant holds {_tokens.Count} unused discovery tokens, the most allowed; use or let some expire first.",
                _tokens.Values.Min() - now);
        }

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(TOKEN_BYTES)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var hash = Hash(token);
        var expiresAt = now + options.Value.DiscoveryTokenLifetime;
        _tokens[hash] = expiresAt;
        try
        {
            await AppendAsync("token_minted", actor, JsonText.Object(w =>
            {
                w.WriteString("token_hash", hash);
                w.WriteString("expires_at", expiresAt);
            }));
        }
        catch
        {
            _tokens.Remove(hash);
            throw;
        }

        return new DiscoveryTokenGrant(token, expiresAt);
    }

    public Task SetDiscoveryReportAsync(AgentDiscoveryReport report)
    {
        _report = report;
        return Task.CompletedTask;
    }

    public Task<AgentDiscoveryReport?> GetDiscoveryReportAsync() => Task.FromResult(_report);

    private string ConsumeToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            throw new DiscoveryTokenRequiredException("none was given; mint one with POST /agents/discovery-tokens and send it as discovery_token");
        }

        var hash = Hash(token);
        if (!_tokens.TryGetValue(hash, out var expiresAt))
        {
            throw new DiscoveryTokenRequiredException("the token is unknown or was used already; a token registers one agent");
        }

        _tokens.Remove(hash);
        if (expiresAt <= timeProvider.GetUtcNow())
        {
            throw new DiscoveryTokenRequiredException($"the token expired at {expiresAt:O}");
        }

        return hash;
    }

    private void Put(AgentRegistryEntry entry)
    {
        _agents[entry.AgentId] = entry;
        _order.Add(entry.AgentId);
        _byNameVersion[(entry.Name, entry.Version)] = entry.AgentId;
    }

    private AgentRegistryEntry? Remove(string agentId)
    {
        if (!_agents.Remove(agentId, out var entry))
        {
            return null;
        }

        _order.Remove(agentId);
        _byNameVersion.Remove((entry.Name, entry.Version));
        return entry;
    }

    private void Replay(AuditRecord record)
    {
        using var document = JsonDocument.Parse(record.Data);
        var data = document.RootElement;
        switch (record.Kind)
        {
            case "added" or "updated":
                var entry = Decode(data);
                Remove(entry.AgentId);
                Put(entry);
                break;
            case "removed":
                Remove(data.GetProperty("agent_id").GetString()!);
                break;
            case "token_minted":
                _tokens[data.GetProperty("token_hash").GetString()!] = data.GetProperty("expires_at").GetDateTimeOffset();
                break;
            case "token_consumed":
                _tokens.Remove(data.GetProperty("token_hash").GetString()!);
                break;
        }
    }

    private async Task AppendAsync(string kind, string? actor, string data)
        => await audit.AppendAsync(new AuditEntry(_tenant, STREAM, kind, actor, data, timeProvider.GetUtcNow()));

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Encode(AgentRegistryEntry entry) => JsonText.Object(w =>
    {
        w.WriteString("agent_id", entry.AgentId);
        w.WriteString("name", entry.Name);
        w.WriteString("version", entry.Version);
        w.WriteString("type", entry.Type);
        w.WriteString("status", AgentLifecycle.Name(entry.Status));
        w.WriteString("source", entry.Source == AgentSource.Api ? "api" : "discovery");
        if (entry.ManifestPath is not null)
        {
            w.WriteString("manifest_path", entry.ManifestPath);
        }

        w.WriteString("updated_at", entry.UpdatedAt);
    });

    private static AgentRegistryEntry Decode(JsonElement data) => new(
        data.GetProperty("agent_id").GetString()!,
        data.GetProperty("name").GetString()!,
        data.GetProperty("version").GetString()!,
        data.GetProperty("type").GetString()!,
        Enum.Parse<AgentStatus>(data.GetProperty("status").GetString()!, ignoreCase: true),
        data.GetProperty("source").GetString() == "api" ? AgentSource.Api : AgentSource.Discovery,
        data.TryGetProperty("manifest_path", out var path) ? path.GetString() : null,
        data.GetProperty("updated_at").GetDateTimeOffset());
}
