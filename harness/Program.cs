using System.CommandLine;
using Beach.Actors.Harness;

var url = new Option<string>("--url")
{
    Description = "The control plane (env BEACH_URL; default http://127.0.0.1:5080).",
    DefaultValueFactory = _ => Environment.GetEnvironmentVariable("BEACH_URL") is { Length: > 0 } fromEnv ? fromEnv : "http://127.0.0.1:5080",
};
var token = new Option<string?>("--token")
{
    Description = "The bearer token (env BEACH_TOKEN): it needs the sessions.write, harness.publish and control.consume scopes.",
    DefaultValueFactory = _ => Environment.GetEnvironmentVariable("BEACH_TOKEN") is { Length: > 0 } fromEnv ? fromEnv : null,
};
var session = new Option<string>("--session") { Description = "The session id to register.", Required = true };
var harnessId = new Option<string?>("--harness-id") { Description = "This harness's id (default: harness-<machine>-<pid>)." };
var harnessType = new Option<string>("--harness-type") { Description = "The kind of harness.", DefaultValueFactory = _ => "terminal_shim" };
var heartbeatMs = new Option<int>("--heartbeat-ms")
{
    Description = "How often to heartbeat, in ms.",
    DefaultValueFactory = _ => HarnessOptions.DEFAULT_HEARTBEAT_INTERVAL_MS,
};
var pollTimeoutMs = new Option<int>("--poll-timeout-ms")
{
    Description = "How long one poll waits, in ms.",
    DefaultValueFactory = _ => HarnessOptions.DEFAULT_POLL_TIMEOUT_MS,
};
var command = new Argument<string[]>("command")
{
    Description = "The target to drive, after '--': its stdin receives the actions' text. For example: -- /bin/sh -c 'cat > out.txt'",
    Arity = ArgumentArity.OneOrMore,
};

var root = new RootCommand("beach-harness: the sidecar that registers a session, heartbeats, and applies its actions to a target process.")
{
    url, token, session, harnessId, harnessType, heartbeatMs, pollTimeoutMs, command,
};
root.SetAction(async (parse, cancel) =>
{
    if (!Uri.TryCreate(parse.GetValue(url), UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
    {
        await Console.Error.WriteLineAsync($"harness: --url must be an absolute http(s) address, not '{parse.GetValue(url)}'.");
        return 2;
    }

    var options = new HarnessOptions
    {
        Url = address,
        Token = parse.GetValue(token),
        SessionId = parse.GetValue(session)!,
        HarnessId = parse.GetValue(harnessId) ?? $"harness-{Environment.MachineName}-{Environment.ProcessId}",
        HarnessType = parse.GetValue(harnessType)!,
        HeartbeatInterval = TimeSpan.FromMilliseconds(parse.GetValue(heartbeatMs)),
        PollTimeout = TimeSpan.FromMilliseconds(parse.GetValue(pollTimeoutMs)),
        Command = parse.GetValue(command)!,
    };
    try
    {
        return await new HarnessRunner(options, Console.Error).RunAsync(cancel);
    }
    catch (ControlPlaneException refused)
    {
        await Console.Error.WriteLineAsync($"harness: {refused.Message}");
        return 1;
    }
    catch (OperationCanceledException) when (cancel.IsCancellationRequested)
    {
        return 0;
    }
});

return await root.Parse(args).InvokeAsync();
