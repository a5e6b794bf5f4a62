using System.Collections.Immutable;

namespace Beach.Actors.Runtime.Tests.Wire;

/// <summary>A grain interface with every return shape and argument kinds the domain contracts do not cover.</summary>
public interface IWireProbeGrain : IGrainWithStringKey
{
    Task<WireOrder> Place(WireOrder order, CancellationToken cancellationToken);

    ValueTask<int> Count(ImmutableArray<string> items, int? limit);

    Task Ping();

    ValueTask Touch(string note);

    Task<WireOrder?> Find(string id);

    Task<(int A, string B)> Pair(Dictionary<string, List<int>> map);

    Task<WireCustomer> Greet(WireCustomer customer);
}

/// <summary>A nested record with a collection of records and a value that JSON must carry exactly.</summary>
public sealed record WireOrder(string Id, WireCustomer Customer, ImmutableArray<WireLine> Lines, DateTimeOffset At, decimal Total);

/// <summary>The first version of a customer, as an older silo knows it.</summary>
public sealed record WireCustomer(string Name, string? Email);

/// <summary>The same customer as a newer silo sends it: one property more.</summary>
public sealed record WireCustomerV2(string Name, string? Email, string Loyalty);

public sealed record WireLine(string Sku, int Quantity);
