using Beach.Actors.Gateway.Agents;
using Beach.Actors.Gateway.Json;
using Beach.Actors.Gateway.Problems;
using Beach.Actors.Onboarding;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Beach.Actors.Gateway.Onboarding;

/// <summary>Onboarding templates: versioned prompt packs and MCP bridge maps (seed 000, "Agent Onboarding").</summary>
internal static class TemplateEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/onboarding/templates", (Func<HttpContext, Task<IResult>>)PutAsync)
            .WithName("CreateOnboardingTemplate")
            .WithSummary("Adds a template (prompt pack, MCP bridge map of tools, harness types) as the next version of its id.")
            .Accepts<TemplateRequest>("application/json")
            .Produces<TemplateResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        routes.MapGet("/onboarding/templates", (Func<HttpContext, Task<IResult>>)ListAsync)
            .WithName("ListOnboardingTemplates")
            .WithSummary("The tenant's templates in id order: the newest version of each and the versions kept.")
            .Produces<TemplateListResponse>();

        routes.MapGet("/onboarding/templates/{templateId}", GetAsync)
            .WithName("GetOnboardingTemplate")
            .WithSummary("A template: its newest version, or ?version=N.")
            .Produces<TemplateResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        routes.MapDelete("/onboarding/templates/{templateId}", DeleteAsync)
            .WithName("DeleteOnboardingTemplate")
            .WithSummary("Deletes a template and its versions; agents onboarded with it keep what they were given.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> PutAsync(HttpContext context)
    {
        var (body, problem) = await JsonBody.ReadAsync(context, OnboardingJsonContext.Default.TemplateRequest);
        if (problem is not null)
        {
            return problem;
        }

        var validation = new RequestValidation();
        var draft = TemplateParser.Parse(body!, validation);
        if (draft is null)
        {
            return Problems.Problems.Validation(validation.Errors);
        }

        var template = await Catalog(context).PutAsync(draft, AgentRequests.Actor(context));
        return JsonResponse.Created($"/onboarding/templates/{template.TemplateId}?version={template.Version}", OnboardingMapping.ToResponse(template), OnboardingJsonContext.Default.TemplateResponse);
    }

    private static async Task<IResult> ListAsync(HttpContext context)
        => JsonResponse.Ok(OnboardingMapping.ToResponse(await Catalog(context).ListAsync()), OnboardingJsonContext.Default.TemplateListResponse);

    private static async Task<IResult> GetAsync(string templateId, HttpContext context)
    {
        var validation = new RequestValidation();
        CheckId(templateId, validation);
        var version = Query.Long(context, "version", 0, 1, int.MaxValue, validation);
        if (!validation.IsValid)
        {
            return Problems.Problems.Validation(validation.Errors);
        }

        int? asked = version == 0 ? null : (int)version;
        var template = await Catalog(context).GetAsync(templateId, asked) ?? throw new TemplateNotFoundException(templateId, asked);
        return JsonResponse.Ok(OnboardingMapping.ToResponse(template), OnboardingJsonContext.Default.TemplateResponse);
    }

    private static async Task<IResult> DeleteAsync(string templateId, HttpContext context)
    {
        var validation = new RequestValidation();
        CheckId(templateId, validation);
        if (!validation.IsValid)
        {
            return Problems.Problems.Validation(validation.Errors);
        }

        return await Catalog(context).DeleteAsync(templateId, AgentRequests.Actor(context))
            ? Results.NoContent()
            : throw new TemplateNotFoundException(templateId, null);
    }

    private static void CheckId(string templateId, RequestValidation validation)
    {
        if (!TemplateParser.IsName(templateId, TemplateParser.MAX_ID_LENGTH))
        {
            validation.Add("templateId", $"must be 1–{TemplateParser.MAX_ID_LENGTH} lower-case letters, digits, '.', '_' or '-', starting with a letter.");
        }
    }

    private static IOnboardingTemplateGrain Catalog(HttpContext context)
        => context.RequestServices.GetRequiredService<IGrainFactory>()
            .GetGrain<IOnboardingTemplateGrain>(context.RequestServices.GetRequiredService<Tenancy.TenantResolver>().Resolve(context));
}
