using System.Text.Json;
using Beach.Actors.Audit;

namespace Beach.Actors.Leases;

/// <summary>
/// Writes a controller event's fields as the audit record's JSON data, and reads them back. Field names are the
/// API's snake_case, so the audit log reads the same as the controller-events route.
/// </summary>
internal static class ControllerEventCodec
{
    public const string STREAM_PREFIX = "controller/";

    public static string StreamOf(string sessionId) => STREAM_PREFIX + sessionId;

    public static string KindName(ControllerEventKind kind) => kind switch
    {
        ControllerEventKind.Granted => "granted",
        ControllerEventKind.Renewed => "renewed",
        ControllerEventKind.Released => "released",
        ControllerEventKind.Expired => "expired",
        ControllerEventKind.Revoked => "revoked",
        ControllerEventKind.Frozen => "frozen",
        ControllerEventKind.Thawed => "thawed",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static ControllerEventKind ParseKind(string kind) => kind switch
    {
        "granted" => ControllerEventKind.Granted,
        "renewed" => ControllerEventKind.Renewed,
        "released" => ControllerEventKind.Released,
        "expired" => ControllerEventKind.Expired,
        "revoked" => ControllerEventKind.Revoked,
        "frozen" => ControllerEventKind.Frozen,
        "thawed" => ControllerEventKind.Thawed,
        _ => throw new FormatException($"'{kind}' is not a controller event kind."),
    };

    public static string Encode(LeaseGrant lease, string? reason = null) => JsonText.Object(writer =>
    {
        writer.WriteString("controller_id", lease.ControllerId);
        writer.WriteString("lease_id", lease.LeaseId);
        writer.WriteNumber("fencing_token", lease.FencingToken);
        writer.WriteString("expires_at", lease.ExpiresAt);
        if (reason is not null)
        {
            writer.WriteString("reason", reason);
        }
    });

    public static LeaseGrant DecodeLease(string data)
    {
        using var document = JsonDocument.Parse(data);
        return LeaseOf(document.RootElement);
    }

    public static ControllerEvent Decode(AuditRecord record)
    {
        using var document = JsonDocument.Parse(record.Data);
        var root = document.RootElement;
        var lease = LeaseOf(root);
        var reason = root.TryGetProperty("reason", out var value) ? value.GetString() : null;

        // The record's actor is the controller for what it asked itself; anyone else (an operator, the system) is named.
        var actor = record.Actor == lease.ControllerId ? null : record.Actor;
        return new ControllerEvent(record.Seq, ParseKind(record.Kind), lease.ControllerId, lease.LeaseId, lease.FencingToken, record.At, lease.ExpiresAt, actor, reason);
    }

    private static LeaseGrant LeaseOf(JsonElement root) => new(
        root.GetProperty("lease_id").GetString()!,
        root.GetProperty("controller_id").GetString()!,
        root.GetProperty("fencing_token").GetInt64(),
        root.GetProperty("expires_at").GetDateTimeOffset());
}
