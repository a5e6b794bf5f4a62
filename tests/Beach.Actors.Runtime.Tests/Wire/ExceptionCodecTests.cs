using System.Runtime.CompilerServices;
using Beach.Actors.Invocation;
using Beach.Actors.Leases;
using Beach.Actors.Persistence;
using Beach.Actors.Runtime.Messaging.Wire;
using Beach.Actors.Sessions;

namespace Beach.Actors.Runtime.Tests.Wire;

/// <summary>Errors a caller acts on cross the wire with their type and properties, as the gateway maps them.</summary>
public sealed class ExceptionCodecTests
{
    private static readonly DateTimeOffset s_expiry = new(2026, 12, 1, 10, 30, 0, TimeSpan.FromHours(2));

    private readonly WireFixture _wire = new();

    [Fact]
    public void Lease_held_keeps_holder_expiry_and_message()
    {
        var original = new LeaseHeldException("ctl-2", s_expiry);

        var copy = RoundTrip(original).ShouldBeOfType<LeaseHeldException>();

        copy.Holder.ShouldBe("ctl-2");
        copy.ExpiresAt.ShouldBe(s_expiry);
        copy.ExpiresAt.Offset.ShouldBe(TimeSpan.FromHours(2));
        copy.Message.ShouldBe(original.Message);
    }

    [Fact]
    public void Lease_not_held_keeps_lease_id_and_the_message_with_its_reason()
    {
        var original = new LeaseNotHeldException("lease-1", "it expired");

        var copy = RoundTrip(original).ShouldBeOfType<LeaseNotHeldException>();

        copy.LeaseId.ShouldBe("lease-1");
        copy.Message.ShouldBe("Lease 'lease-1' is not the current lease: it expired.");
    }

    [Fact]
    public void Session_errors_keep_their_ids()
    {
        var conflict = RoundTrip(new SessionConflictException("s1", "h-9")).ShouldBeOfType<SessionConflictException>();
        var missing = RoundTrip(new SessionNotFoundException("s2")).ShouldBeOfType<SessionNotFoundException>();

        conflict.SessionId.ShouldBe("s1");
        conflict.RegisteredHarnessId.ShouldBe("h-9");
        conflict.Message.ShouldBe(new SessionConflictException("s1", "h-9").Message);
        missing.SessionId.ShouldBe("s2");
    }

    [Fact]
    public void Overloaded_keeps_retry_after()
    {
        var copy = RoundTrip(new OverloadedException("queue full", TimeSpan.FromMilliseconds(1500))).ShouldBeOfType<OverloadedException>();

        copy.Message.ShouldBe("queue full");
        copy.RetryAfter.ShouldBe(TimeSpan.FromMilliseconds(1500));
    }

    [Fact]
    public void Inconsistent_state_keeps_both_etags()
    {
        var copy = RoundTrip(new InconsistentStateException("stale", "e-1", "e-2")).ShouldBeOfType<InconsistentStateException>();

        copy.Message.ShouldBe("stale");
        copy.StoredEtag.ShouldBe("e-1");
        copy.CurrentEtag.ShouldBe("e-2");
    }

    [Fact]
    public void Timeout_and_deadlock_keep_message_and_cycle()
    {
        var cycle = new[] { new GrainId("a", "1"), new GrainId("b", "2"), new GrainId("a", "1") };

        var timeout = RoundTrip(new GrainCallTimeoutException("outcome is unknown")).ShouldBeOfType<GrainCallTimeoutException>();
        var deadlock = RoundTrip(new DeadlockException(cycle)).ShouldBeOfType<DeadlockException>();

        timeout.Message.ShouldBe("outcome is unknown");
        deadlock.Cycle.ShouldBe(cycle);
        deadlock.Message.ShouldBe(new DeadlockException(cycle).Message);
    }

    [Fact]
    public void Argument_out_of_range_keeps_param_name_and_a_message_the_gateway_can_split()
    {
        var original = new ArgumentOutOfRangeException("ttl", "The lease must last at least 100 ms.");

        var copy = RoundTrip(original).ShouldBeOfType<ArgumentOutOfRangeException>();

        copy.ParamName.ShouldBe("ttl");
        copy.Message.ShouldBe(original.Message);
        copy.Message.Split(" (Parameter")[0].ShouldBe("The lease must last at least 100 ms.");
    }

    [Fact]
    public void Framework_exceptions_keep_their_type_and_message()
    {
        RoundTrip(new InvalidOperationException("nope")).ShouldBeOfType<InvalidOperationException>().Message.ShouldBe("nope");
        RoundTrip(new ArgumentNullException("name")).ShouldBeOfType<ArgumentNullException>().ParamName.ShouldBe("name");
        RoundTrip(new OperationCanceledException("stopped")).ShouldBeOfType<OperationCanceledException>().Message.ShouldBe("stopped");
        RoundTrip(new WireFormatException("bad frame")).ShouldBeOfType<WireFormatException>().Message.ShouldBe("bad frame");
    }

    [Fact]
    public void Exception_type_unknown_here_becomes_a_remote_grain_exception_with_its_name_and_message()
    {
        var request = _wire.Capture<IWireProbeGrain>("a", g => g.Ping());
        var payload = VersionToleranceTests.Handwritten(1, """{"e":{"t":"Other.Silo.QuotaException, Other.Silo","m":"quota spent","p":{"Quota":5}}}""");

        var copy = MessageCodec.ReadResponse(payload, request).Exception.ShouldBeOfType<RemoteGrainException>();

        copy.RemoteTypeName.ShouldBe("Other.Silo.QuotaException, Other.Silo");
        copy.Message.ShouldBe("quota spent");
    }

    [Fact]
    public void Custom_exception_without_a_fitting_constructor_becomes_a_remote_grain_exception()
    {
        var copy = RoundTrip(new NoConstructorException(new Uri("tcp://silo-2"))).ShouldBeOfType<RemoteGrainException>();

        copy.RemoteTypeName.ShouldStartWith(typeof(NoConstructorException).FullName!);
    }

    [Fact]
    public void Remote_grain_exception_passes_on_unchanged()
    {
        var copy = RoundTrip(new RemoteGrainException("Other.Error, Other", "far away")).ShouldBeOfType<RemoteGrainException>();

        copy.RemoteTypeName.ShouldBe("Other.Error, Other");
        copy.Message.ShouldBe("far away");
    }

    [Fact]
    public void Custom_exception_with_settable_and_unserializable_properties_keeps_what_it_can()
    {
        var original = new CustomException("custom") { Attempts = 3, Callback = static () => { } };

        var copy = RoundTrip(original).ShouldBeOfType<CustomException>();

        copy.Message.ShouldBe("custom");
        copy.Attempts.ShouldBe(3);
        copy.Callback.ShouldBeNull();
    }

    [Fact]
    public void Stack_trace_of_the_remote_throw_is_kept()
    {
        var thrown = Throw();

        var copy = RoundTrip(thrown);

        copy.StackTrace.ShouldNotBeNull().ShouldContain(nameof(ThrowingMethod));
    }

    private Exception RoundTrip(Exception exception)
    {
        var request = _wire.Capture<IControllerLeaseGrain>("acme/s1", g => g.AcquireAsync("ctl", TimeSpan.FromSeconds(5)));
        var response = WireFixture.RoundTripResponse(Response.FromException(exception), request);
        return response.Exception.ShouldNotBeNull();
    }

    private static Exception Throw()
    {
        try
        {
            ThrowingMethod();
            return null!;
        }
        catch (InvalidOperationException exception)
        {
            return exception;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowingMethod() => throw new InvalidOperationException("thrown");

    /// <summary>Its one constructor needs what no property carries back, and refuses the default.</summary>
    public sealed class NoConstructorException : Exception
    {
        public NoConstructorException(Uri endpoint)
            : base("unreachable: " + endpoint)
        {
            ArgumentNullException.ThrowIfNull(endpoint);
        }
    }

    public sealed class CustomException(string message) : Exception(message)
    {
        public int Attempts { get; set; }

        public Action? Callback { get; set; }
    }
}
