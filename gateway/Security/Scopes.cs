namespace Beach.Actors.Gateway.Security;

/// <summary>The capability scopes a token may carry (space-separated in its <c>scope</c> claim).</summary>
public static class Scopes
{
    public const string SessionsRead = "pb:sessions.read";
    public const string SessionsWrite = "pb:sessions.write";
    public const string ControlWrite = "pb:control.write";
    public const string ControlConsume = "pb:control.consume";
    public const string HarnessPublish = "pb:harness.publish";
    public const string AgentsOnboard = "pb:agents.onboard";

    /// <summary>Satisfies every other scope.</summary>
    public const string Admin = "pb:admin";

    /// <summary>Every scope the gateway knows, for help texts and validation of minted tokens.</summary>
    public static readonly IReadOnlyList<string> All = [SessionsRead, SessionsWrite, ControlWrite, ControlConsume, HarnessPublish, AgentsOnboard, Admin];

    /// <summary>Whether a token granted <paramref name="granted"/> may call a route that requires <paramref name="required"/>.</summary>
    public static bool Satisfies(IReadOnlySet<string> granted, string required)
        => granted.Contains(required) || granted.Contains(Admin);
}
