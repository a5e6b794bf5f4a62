using Beach.Actors.Gateway.Json;

namespace Beach.Actors.Gateway.Tests;

/// <summary>The rented response buffer keeps every byte across growth and refuses use after it went back to the pool.</summary>
public sealed class PooledBufferWriterTests
{
    [Fact]
    public void Bytes_written_across_several_growths_come_back_in_order()
    {
        using var buffer = new PooledBufferWriter(16);
        var expected = new List<byte>();
        for (var i = 0; i < 1_000; i++)
        {
            var chunk = Enumerable.Range(0, i % 37 + 1).Select(b => (byte)(i + b)).ToArray();
            chunk.CopyTo(buffer.GetSpan(chunk.Length));
            buffer.Advance(chunk.Length);
            expected.AddRange(chunk);
        }

        buffer.WrittenCount.ShouldBe(expected.Count);
        buffer.WrittenMemory.ToArray().ShouldBe(expected.ToArray());
    }

    [Fact]
    public void Advancing_past_what_was_asked_for_is_refused()
    {
        using var buffer = new PooledBufferWriter(16);
        var room = buffer.GetSpan(8).Length;

        Should.Throw<InvalidOperationException>(() => buffer.Advance(room + 1));
        Should.Throw<ArgumentOutOfRangeException>(() => buffer.Advance(-1));
    }

    [Fact]
    public void A_disposed_buffer_gives_out_no_more_room()
    {
        var buffer = new PooledBufferWriter(16);
        buffer.Dispose();

        Should.Throw<ObjectDisposedException>(() => buffer.GetSpan(1));
        buffer.WrittenCount.ShouldBe(0);
        buffer.Dispose();
    }
}
