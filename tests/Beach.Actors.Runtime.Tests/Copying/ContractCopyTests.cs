using System.Reflection;
using Beach.Actors.Copying;
using Beach.Actors.Leases;
using Beach.Actors.Runtime.Hosting;
using Shouldly;
using Xunit;

namespace Beach.Actors.Runtime.Tests.Copying;

/// <summary>
/// Every argument and result of the product's grain contracts passes by reference: a mutable one would be copied by
/// a JSON round trip on every call, which once cost the cluster's lease path more CPU than the grain's own work.
/// </summary>
public sealed class ContractCopyTests
{
    [Fact]
    public void Product_grain_contracts_take_and_return_only_values_that_pass_by_reference()
    {
        Assembly[] products = [typeof(SiloOptions).Assembly, typeof(IControllerLeaseGrain).Assembly];
        var contracts = products
            .SelectMany(assembly => assembly.GetTypes())
            .Where(type => type.IsInterface && typeof(IGrain).IsAssignableFrom(type))
            .ToList();
        contracts.Count.ShouldBeGreaterThan(5, "the walk found the grain contracts");

        var copied = (
            from contract in contracts
            from method in contract.GetMethods()
            from type in method.GetParameters().Select(parameter => parameter.ParameterType).Append(ResultOf(method.ReturnType))
            where type != typeof(void) && type != typeof(CancellationToken) && !DeepCopier.SharesByReference(type)
            select $"{contract.Name}.{method.Name}: {type}").Distinct().ToList();

        copied.ShouldBeEmpty("mark these [Immutable], or make them so");
    }

    [Fact]
    public void A_mutable_type_is_reported_as_copied()
    {
        DeepCopier.SharesByReference(typeof(List<int>)).ShouldBeFalse();
        DeepCopier.SharesByReference(typeof(LeaseGrant)).ShouldBeTrue();
    }

    private static Type ResultOf(Type returnType) =>
        returnType.IsGenericType && (returnType.GetGenericTypeDefinition() == typeof(Task<>) || returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
            ? returnType.GetGenericArguments()[0]
            : returnType == typeof(Task) || returnType == typeof(ValueTask) ? typeof(void) : returnType;
}
