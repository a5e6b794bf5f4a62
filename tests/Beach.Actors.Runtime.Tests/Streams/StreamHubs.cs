using Beach.Actors.Runtime.Streams;
using Beach.Actors.Streams;
using Beach.Actors.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Beach.Actors.Runtime.Tests.Streams;

/// <summary>A stream hub on its own, on a manual clock, for tests of the streams themselves.</summary>
internal static class StreamHubs
{
    public static readonly StreamId Id = new("test", "s-1");

    public static LocalStreamHub Create(ManualTimeProvider? clock = null, Action<StreamOptions>? configure = null)
    {
        var options = new StreamOptions();
        configure?.Invoke(options);
        return new LocalStreamHub(Options.Create(options), clock ?? new ManualTimeProvider(), new StreamLog(NullLogger<StreamLog>.Instance));
    }

    public static async Task<List<StreamSequenceToken>> PublishAsync(IAsyncStream<int> stream, int from, int to)
    {
        var tokens = new List<StreamSequenceToken>();
        for (var i = from; i <= to; i++)
        {
            tokens.Add(await stream.OnNextAsync(i));
        }

        return tokens;
    }
}
