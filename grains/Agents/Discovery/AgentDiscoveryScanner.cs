using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beach.Actors.Agents.Discovery;

/// <summary>
/// One scan of the manifest folder: every manifest is read, validated like <c>POST /agents</c> and, when new,
/// registered as Discovered; a manifest whose name and version are registered from the same file is unchanged, and
/// one that repeats another's name and version (in this scan or registered before from elsewhere) is rejected as a
/// duplicate. The report goes to the tenant's registry. Scans run one at a time.
/// </summary>
internal sealed partial class AgentDiscoveryScanner(
    IGrainFactory grains,
    TimeProvider timeProvider,
    IOptions<AgentDiscoveryOptions> options,
    ILogger<AgentDiscoveryScanner> logger) : IAgentDiscovery
{
    private const string DISCOVERY_ACTOR = "system:discovery";

    private readonly SemaphoreSlim _scanning = new(1, 1);
    private long _scans;

    public async Task<AgentDiscoveryReport> ScanAsync(CancellationToken cancellationToken)
    {
        await _scanning.WaitAsync(cancellationToken);
        try
        {
            return await ScanOnceAsync(cancellationToken);
        }
        finally
        {
            _scanning.Release();
        }
    }

    private async Task<AgentDiscoveryReport> ScanOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var folder = Path.GetFullPath(settings.Folder ?? throw new InvalidOperationException("Agent discovery has no folder configured."));
        var registry = grains.GetGrain<IAgentRegistryGrain>(settings.Tenant);
        var registered = ImmutableArray.CreateBuilder<DiscoveredAgent>();
        var unchanged = ImmutableArray.CreateBuilder<DiscoveredAgent>();
        var rejected = ImmutableArray.CreateBuilder<RejectedManifest>();
        var omitted = 0;
        var seen = new Dictionary<(string, string), string>();

        void Reject(string path, IDictionary<string, string> reasons)
        {
            if (rejected.Count < settings.MaxReportedRejections)
            {
                rejected.Add(new RejectedManifest(path, reasons.ToImmutableDictionary(StringComparer.Ordinal)));
            }
            else
            {
                omitted++;
            }

            ManifestRejected(logger, path, string.Join("; ", reasons.Select(r => $"{r.Key} {r.Value}")));
        }

        foreach (var file in Manifests(folder, settings.MaxManifests, ref omitted))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = Path.GetRelativePath(folder, file).Replace('\\', '/');
            var errors = new Dictionary<string, string>(StringComparer.Ordinal);
            var info = new FileInfo(file);
            if (info.Length > settings.MaxManifestBytes)
            {
                errors["manifest"] = $"is {info.Length} bytes; a manifest is at most {settings.MaxManifestBytes}.";
                Reject(path, errors);
                continue;
            }

            AgentManifestDraft? draft;
            try
            {
                draft = AgentManifestReader.Read(info.Name, await File.ReadAllTextAsync(file, cancellationToken), errors);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or FormatException or System.Text.Json.JsonException)
            {
                // One unreadable manifest is one rejection; the scan goes on.
                errors["manifest"] = $"could not be read: {error.Message}";
                draft = null;
            }

            var manifest = draft is null ? null : AgentManifestValidator.Validate(draft, errors);
            if (manifest is null)
            {
                Reject(path, errors);
                continue;
            }

            if (seen.TryGetValue((manifest.Name, manifest.Version), out var first))
            {
                errors["name"] = $"'{manifest.Name}' at version {manifest.Version} is declared already by {first}.";
                Reject(path, errors);
                continue;
            }

            seen[(manifest.Name, manifest.Version)] = path;
            if (await registry.FindAsync(manifest.Name, manifest.Version) is { } existing)
            {
                if (existing.Source == AgentSource.Discovery && existing.ManifestPath == path)
                {
                    unchanged.Add(new DiscoveredAgent(path, existing.AgentId, manifest.Name, manifest.Version));
                }
                else
                {
                    errors["name"] = $"'{manifest.Name}' at version {manifest.Version} is registered already as {existing.AgentId}"
                        + (existing.ManifestPath is { } other ? $" (from {other})." : " (through the API).");
                    Reject(path, errors);
                }

                continue;
            }

            var agentId = AgentKey.NewId(manifest.Type);
            try
            {
                await grains.GetGrain<IAgentGrain>(AgentKey.For(settings.Tenant, agentId)).RegisterAsync(manifest, AgentSource.Discovery, path, null, DISCOVERY_ACTOR);
                registered.Add(new DiscoveredAgent(path, agentId, manifest.Name, manifest.Version));
            }
            catch (AgentDuplicateException duplicate)
            {
                errors["name"] = duplicate.Message;
                Reject(path, errors);
            }
            catch (AgentRegistryFullException full)
            {
                errors["manifest"] = full.Message;
                Reject(path, errors);
            }
        }

        var report = new AgentDiscoveryReport(
            folder, timeProvider.GetUtcNow(), Interlocked.Increment(ref _scans), registered.ToImmutable(), unchanged.ToImmutable(), rejected.ToImmutable(), omitted);
        await registry.SetDiscoveryReportAsync(report);
        Scanned(logger, folder, report.Registered.Length, report.Unchanged.Length, report.Rejected.Length + omitted);
        return report;
    }

    /// <summary>Manifest files under <paramref name="folder"/>, in path order, at most <paramref name="max"/>; the rest are counted.</summary>
    private static List<string> Manifests(string folder, int max, ref int omitted)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var files = Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 })
            .Where(file => AgentManifestReader.IsManifest(Path.GetFileName(file)))
            .Take(max + 1)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count > max)
        {
            omitted += 1;
            files.RemoveAt(files.Count - 1);
        }

        return files;
    }

    [LoggerMessage(EventId = 5200, Level = LogLevel.Information, Message = "Agent discovery scanned {Folder}: {Registered} registered, {Unchanged} unchanged, {Rejected} rejected")]
    private static partial void Scanned(ILogger logger, string folder, int registered, int unchanged, int rejected);

    [LoggerMessage(EventId = 5201, Level = LogLevel.Warning, Message = "Agent manifest {Path} rejected: {Reasons}")]
    private static partial void ManifestRejected(ILogger logger, string path, string reasons);
}
