namespace Beach.Actors.Testing.Http;

/// <summary>The action pipeline's routes, as a controller, a harness and an operator call them.</summary>
public static class ActionsClient
{
    /// <summary><c>POST /sessions/{id}/actions</c> with <paramref name="kinds"/> as a batch of actions whose payload is their index.</summary>
    public static Task<ApiResponse<EnqueueJson>> EnqueueAsync(this ControlPlaneClient client, string sessionId, LeaseJson lease, params string[] kinds)
        => client.EnqueueAsync(sessionId, lease.LeaseId, lease.FencingToken, kinds.Select((kind, i) => new { Kind = kind, Payload = new { Index = i } }).ToArray());

    /// <summary><c>POST /sessions/{id}/actions</c> with any list of actions.</summary>
    public static Task<ApiResponse<EnqueueJson>> EnqueueAsync(this ControlPlaneClient client, string sessionId, string leaseId, long fencingToken, object[] actions)
        => client.SendAsync<EnqueueJson>(HttpMethod.Post, $"{Path(sessionId)}/actions", new { LeaseId = leaseId, FencingToken = fencingToken, Actions = actions });

    /// <summary><c>GET /sessions/{id}/actions/poll?timeout_ms=&amp;max=</c>.</summary>
    public static Task<ApiResponse<DeliveryJson>> PollAsync(this ControlPlaneClient client, string sessionId, int timeoutMs = 0, int? max = null, CancellationToken cancellationToken = default)
        => client.SendAsync<DeliveryJson>(HttpMethod.Get, $"{Path(sessionId)}/actions/poll?timeout_ms={timeoutMs}{(max is { } m ? $"&max={m}" : "")}", cancellationToken: cancellationToken);

    /// <summary><c>POST /sessions/{id}/actions/ack</c>, every listed action with <paramref name="status"/>.</summary>
    public static Task<ApiResponse<AckResultJson>> AckAsync(this ControlPlaneClient client, string sessionId, IEnumerable<long> seqs, string status = "ok")
        => client.SendAsync<AckResultJson>(HttpMethod.Post, $"{Path(sessionId)}/actions/ack", new { Acks = seqs.Select(seq => new { Seq = seq, Status = status }).ToArray() });

    /// <summary><c>GET /sessions/{id}/actions/pending</c>.</summary>
    public static Task<ApiResponse<PendingJson>> PendingAsync(this ControlPlaneClient client, string sessionId)
        => client.SendAsync<PendingJson>(HttpMethod.Get, $"{Path(sessionId)}/actions/pending");

    /// <summary><c>GET /sessions/{id}/actions/stats</c>.</summary>
    public static Task<ApiResponse<ActionStatsJson>> ActionStatsAsync(this ControlPlaneClient client, string sessionId)
        => client.SendAsync<ActionStatsJson>(HttpMethod.Get, $"{Path(sessionId)}/actions/stats");

    /// <summary><c>POST /sessions/{id}/emergency-stop</c>.</summary>
    public static Task<ApiResponse<EmergencyStopJson>> EmergencyStopAsync(this ControlPlaneClient client, string sessionId, string reason, string? requestedBy = null)
        => client.SendAsync<EmergencyStopJson>(HttpMethod.Post, $"{Path(sessionId)}/emergency-stop", new { Reason = reason, RequestedBy = requestedBy });

    /// <summary>Polls until <paramref name="count"/> actions arrived (each poll waiting up to <paramref name="timeoutMs"/>), in delivery order.</summary>
    public static async Task<List<ActionJson>> PollUntilAsync(this ControlPlaneClient client, string sessionId, int count, int timeoutMs = 5_000, int maxPolls = 10_000)
    {
        var received = new List<ActionJson>();
        for (var poll = 0; poll < maxPolls && received.Count < count; poll++)
        {
            var delivery = await client.PollAsync(sessionId, timeoutMs);
            received.AddRange(delivery.Body.Actions);
        }

        return received;
    }

    private static string Path(string sessionId) => $"/sessions/{Uri.EscapeDataString(sessionId)}";
}
