using System.Collections.Immutable;
using Beach.Actors.Gateway.Agents;
using Beach.Actors.Gateway.Json;
using Beach.Actors.Gateway.Problems;
using Beach.Actors.Gateway.Security;
using Beach.Actors.Gateway.Tenancy;
using Beach.Actors.Onboarding;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Beach.Actors.Gateway.Onboarding;

/// <summary>The tenant's entitlements (what onboarding may do) and its custom roles (name → scopes), admin-managed.</summary>
internal static class TenantEndpoints
{
    /// <summary>The most harness types an entitlement lists.</summary>
    public const int MAX_ENTITLED_HARNESS_TYPES = 64;

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/tenant/entitlements", (Func<HttpContext, Task<IResult>>)GetEntitlementsAsync)
            .WithName("GetEntitlements")
            .WithSummary("The tenant's entitlements: allowed harness types (null: any) and how many agents may be onboarded at once.")
            .Produces<EntitlementsResponse>();

        routes.MapPut("/tenant/entitlements", (Func<HttpContext, Task<IResult>>)SetEntitlementsAsync)
            .WithName("SetEntitlements")
            .WithSummary("Replaces the tenant's entitlements.")
            .Accepts<EntitlementsRequest>("application/json")
            .Produces<EntitlementsResponse>()
            .ProducesValidationProblem();

        routes.MapGet("/roles", (Func<HttpContext, Task<IResult>>)ListRolesAsync)
            .WithName("ListRoles")
            .WithSummary("The roles a token may carry: the built-in ones and the tenant's custom roles with their scopes.")
            .Produces<RoleListResponse>();

        routes.MapGet("/roles/{name}", GetRoleAsync)
            .WithName("GetRole")
            .WithSummary("A role and its scopes.")
            .Produces<RoleResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        routes.MapPut("/roles/{name}", PutRoleAsync)
            .WithName("PutRole")
            .WithSummary("Defines or replaces a custom role: the scopes a token naming it in its roles claim gets.")
            .Accepts<RoleRequest>("application/json")
            .Produces<RoleResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        routes.MapDelete("/roles/{name}", DeleteRoleAsync)
            .WithName("DeleteRole")
            .WithSummary("Deletes a custom role: tokens naming it get nothing by it from now on.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> GetEntitlementsAsync(HttpContext context)
        => JsonResponse.Ok(OnboardingMapping.ToResponse(await Tenant(context).GetEntitlementsAsync()), OnboardingJsonContext.Default.EntitlementsResponse);

    private static async Task<IResult> SetEntitlementsAsync(HttpContext context)
    {
        var (body, problem) = await JsonBody.ReadAsync(context, OnboardingJsonContext.Default.EntitlementsRequest);
        if (problem is not null)
        {
            return problem;
        }

        var validation = new RequestValidation();
        ImmutableArray<string>? types = null;
        if (body!.AllowedHarnessTypes is { Count: > MAX_ENTITLED_HARNESS_TYPES })
        {
            validation.Add("allowed_harness_types", $"must list at most {MAX_ENTITLED_HARNESS_TYPES} harness types, or be null for any.");
        }
        else if (body.AllowedHarnessTypes is { Count: 0 })
        {
            types = [];
        }
        else
        {
            types = TemplateParser.HarnessTypes(body.AllowedHarnessTypes, "allowed_harness_types", validation, required: false);
        }

        if (body.MaxOnboardedAgents is not { } max || max < 0 || max > OnboardingOptions.MAX_ONBOARDED_AGENTS_LIMIT)
        {
            validation.Add("max_onboarded_agents", $"is required: 0–{OnboardingOptions.MAX_ONBOARDED_AGENTS_LIMIT} agents onboarded at once.");
        }

        if (!validation.IsValid)
        {
            return Problems.Problems.Validation(validation.Errors);
        }

        var stored = await Tenant(context).SetEntitlementsAsync(new TenantEntitlements(types, body.MaxOnboardedAgents!.Value, null, null), AgentRequests.Actor(context));
        return JsonResponse.Ok(OnboardingMapping.ToResponse(stored), OnboardingJsonContext.Default.EntitlementsResponse);
    }

    private static async Task<IResult> ListRolesAsync(HttpContext context)
    {
        var custom = await Tenant(context).ListRolesAsync();
        var roles = Roles.BuiltIn.OrderBy(r => r.Key, StringComparer.Ordinal).Select(BuiltIn).Concat(custom.Select(OnboardingMapping.ToResponse)).ToList();
        return JsonResponse.Ok(new RoleListResponse(roles), OnboardingJsonContext.Default.RoleListResponse);
    }

    private static async Task<IResult> GetRoleAsync(string name, HttpContext context)
    {
        if (Roles.BuiltIn.TryGetValue(name, out var scopes))
        {
            return JsonResponse.Ok(BuiltIn(new(name, scopes)), OnboardingJsonContext.Default.RoleResponse);
        }

        if (InvalidName(name) is { } invalid)
        {
            return invalid;
        }

        var role = await Tenant(context).GetRoleAsync(name) ?? throw new RoleNotFoundException(name);
        return JsonResponse.Ok(OnboardingMapping.ToResponse(role), OnboardingJsonContext.Default.RoleResponse);
    }

    private static async Task<IResult> PutRoleAsync(string name, HttpContext context)
    {
        if (InvalidName(name) is { } invalid)
        {
            return invalid;
        }

        var (body, problem) = await JsonBody.ReadAsync(context, OnboardingJsonContext.Default.RoleRequest);
        if (problem is not null)
        {
            return problem;
        }

        var validation = new RequestValidation();
        var grantable = Scopes.All.Where(s => s != Scopes.Admin).ToList();
        if (body!.Scopes is not { Count: > 0 } scopes || scopes.Count > grantable.Count)
        {
            validation.Add("scopes", $"is required: 1–{grantable.Count} of {string.Join(", ", grantable)}.");
        }
        else
        {
            for (var i = 0; i < scopes.Count; i++)
            {
                if (scopes[i] == Scopes.Admin)
                {
                    validation.Add($"scopes[{i}]", $"'{Scopes.Admin}' is not given by custom roles; give a token the role 'admin' instead.");
                }
                else if (scopes[i] is null || !grantable.Contains(scopes[i]!))
                {
                    validation.Add($"scopes[{i}]", $"'{scopes[i]}' is no scope; use one of {string.Join(", ", grantable)}.");
                }
                else if (scopes.IndexOf(scopes[i]) != i)
                {
                    validation.Add($"scopes[{i}]", $"'{scopes[i]}' is listed twice.");
                }
            }
        }

        if (body.Description is { Length: > TemplateParser.MAX_DESCRIPTION_LENGTH })
        {
            validation.Add("description", $"must be at most {TemplateParser.MAX_DESCRIPTION_LENGTH} characters.");
        }

        if (!validation.IsValid)
        {
            return Problems.Problems.Validation(validation.Errors);
        }

        var role = await Tenant(context).PutRoleAsync(name, [.. body.Scopes!.Select(s => s!)], body.Description, AgentRequests.Actor(context));
        return JsonResponse.Ok(OnboardingMapping.ToResponse(role), OnboardingJsonContext.Default.RoleResponse);
    }

    private static async Task<IResult> DeleteRoleAsync(string name, HttpContext context)
    {
        if (InvalidName(name) is { } invalid)
        {
            return invalid;
        }

        return await Tenant(context).DeleteRoleAsync(name, AgentRequests.Actor(context)) ? Results.NoContent() : throw new RoleNotFoundException(name);
    }

    private static IResult? InvalidName(string name) => Roles.BuiltIn.ContainsKey(name)
        ? Problems.Problems.Validation("name", $"'{name}' is a built-in role ({string.Join(", ", Roles.BuiltIn.Keys.Order(StringComparer.Ordinal))}) and cannot be changed; choose another name.")
        : Roles.IsValidCustomName(name) ? null
        : Problems.Problems.Validation("name", $"must be 1–{Roles.MAX_NAME_LENGTH} lower-case letters, digits, '.', '_' or '-', starting with a letter.");

    private static RoleResponse BuiltIn(KeyValuePair<string, string[]> role) => new(role.Key, role.Value, role.Key switch
    {
        Roles.Admin => "everything",
        Roles.Agent => "an agent's own record, health, configuration, logs, metrics, heartbeats and onboarding (with the token's agent_id)",
        _ => "reads of sessions, their events and agents",
    }, true, null, null);

    private static ITenantGrain Tenant(HttpContext context)
        => context.RequestServices.GetRequiredService<IGrainFactory>().GetGrain<ITenantGrain>(context.RequestServices.GetRequiredService<TenantResolver>().Resolve(context));
}

/// <summary>No custom role of this name is defined for the tenant.</summary>
internal sealed class RoleNotFoundException(string name) : Exception($"No role '{name}' is defined.")
{
    public string Name { get; } = name;
}
