using System.Collections.Immutable;
using Beach.Actors.Gateway.Problems;
using Beach.Actors.Onboarding;

namespace Beach.Actors.Gateway.Onboarding;

/// <summary>Checks a template body field by field; every bound is stated in its message.</summary>
internal static class TemplateParser
{
    public const int MAX_ID_LENGTH = 64;
    public const int MAX_NAME_LENGTH = 128;
    public const int MAX_DESCRIPTION_LENGTH = 1_024;
    public const int MAX_HARNESS_TYPES = 16;
    public const int MAX_HARNESS_TYPE_LENGTH = 64;
    public const int MAX_PROMPT_LENGTH = 65_536;
    public const int MAX_PROMPTS = 32;
    public const int MAX_TOOLS = 64;

    public static OnboardingTemplateDraft? Parse(TemplateRequest body, RequestValidation validation)
    {
        if (!IsName(body.TemplateId, MAX_ID_LENGTH))
        {
            validation.Add("template_id", $"is required: 1–{MAX_ID_LENGTH} lower-case letters, digits, '.', '_' or '-', starting with a letter.");
        }

        validation.RequireText("name", body.Name, MAX_NAME_LENGTH);
        if (body.Description is { Length: > MAX_DESCRIPTION_LENGTH })
        {
            validation.Add("description", $"must be at most {MAX_DESCRIPTION_LENGTH} characters.");
        }

        var harnessTypes = HarnessTypes(body.HarnessTypes, "harness_types", validation, required: true);
        var pack = Prompts(body.PromptPack, validation);
        var tools = Tools(body.Tools, validation);
        return validation.IsValid
            ? new OnboardingTemplateDraft(body.TemplateId!, body.Name!, body.Description, harnessTypes!.Value, pack!, tools)
            : null;
    }

    /// <summary>A list of harness types (1–16 of 1–64 letters, digits, '.', '_', '-', no duplicates), or null when absent and not required.</summary>
    public static ImmutableArray<string>? HarnessTypes(List<string?>? types, string field, RequestValidation validation, bool required)
    {
        if (types is null)
        {
            if (required)
            {
                validation.Add(field, $"is required: 1–{MAX_HARNESS_TYPES} harness types, such as terminal_shim.");
            }

            return null;
        }

        if (types.Count is 0 || types.Count > MAX_HARNESS_TYPES)
        {
            validation.Add(field, $"must list 1–{MAX_HARNESS_TYPES} harness types.");
            return null;
        }

        for (var i = 0; i < types.Count; i++)
        {
            if (types[i] is not { Length: > 0 and <= MAX_HARNESS_TYPE_LENGTH } type || !type.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                validation.Add($"{field}[{i}]", $"must be 1–{MAX_HARNESS_TYPE_LENGTH} letters, digits, '.', '_' or '-'.");
            }
            else if (types.IndexOf(type) != i)
            {
                validation.Add($"{field}[{i}]", $"'{type}' is listed twice.");
            }
        }

        return [.. types.Select(t => t ?? "")];
    }

    private static PromptPack? Prompts(PromptPackRequest? pack, RequestValidation validation)
    {
        if (pack is null)
        {
            validation.Add("prompt_pack", "is required: an object with a 'system' prompt and optional named 'prompts'.");
            return null;
        }

        validation.RequireText("prompt_pack.system", pack.System, MAX_PROMPT_LENGTH);
        var prompts = pack.Prompts ?? [];
        if (prompts.Count > MAX_PROMPTS)
        {
            validation.Add("prompt_pack.prompts", $"must hold at most {MAX_PROMPTS} prompts.");
        }

        foreach (var (name, text) in prompts)
        {
            if (!IsName(name, MAX_ID_LENGTH))
            {
                validation.Add($"prompt_pack.prompts.{name}", $"a prompt's name must be 1–{MAX_ID_LENGTH} lower-case letters, digits, '.', '_' or '-', starting with a letter.");
            }
            else if (text is not { Length: > 0 and <= MAX_PROMPT_LENGTH })
            {
                validation.Add($"prompt_pack.prompts.{name}", $"must be a text of 1–{MAX_PROMPT_LENGTH} characters.");
            }
        }

        return new PromptPack(pack.System ?? "", prompts.ToImmutableDictionary(p => p.Key, p => p.Value ?? "", StringComparer.Ordinal));
    }

    private static ImmutableArray<McpToolBinding> Tools(List<ToolRequest?>? tools, RequestValidation validation)
    {
        var known = string.Join(", ", McpBridgeCatalog.Tools.Keys.Order(StringComparer.Ordinal));
        if (tools is null || tools.Count is 0 || tools.Count > MAX_TOOLS)
        {
            validation.Add("tools", $"is required: the MCP bridge map, 1–{MAX_TOOLS} tools, each a bridge tool ({known}) or a domain tool with 'maps_to' one.");
            return [];
        }

        var bindings = ImmutableArray.CreateBuilder<McpToolBinding>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tools.Count; i++)
        {
            var tool = tools[i];
            var name = tool?.Name;
            if (name is null || name.Length is 0 or > MAX_ID_LENGTH || !char.IsAsciiLetterLower(name[0]) || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                validation.Add($"tools[{i}].name", $"is required: 1–{MAX_ID_LENGTH} lower-case letters, digits or '_', starting with a letter.");
                continue;
            }

            if (!names.Add(name))
            {
                validation.Add($"tools[{i}].name", $"'{name}' is in the map twice.");
                continue;
            }

            var mapsTo = tool!.MapsTo ?? name;
            if (!McpBridgeCatalog.Tools.ContainsKey(mapsTo))
            {
                validation.Add($"tools[{i}].maps_to", tool.MapsTo is null
                    ? $"'{name}' is no bridge tool; give 'maps_to' one of: {known}."
                    : $"'{mapsTo}' is no bridge tool; use one of: {known}.");
                continue;
            }

            if (tool.Description is { Length: > MAX_DESCRIPTION_LENGTH })
            {
                validation.Add($"tools[{i}].description", $"must be at most {MAX_DESCRIPTION_LENGTH} characters.");
                continue;
            }

            bindings.Add(new McpToolBinding(name, mapsTo, tool.Description));
        }

        return bindings.ToImmutable();
    }

    /// <summary>1–<paramref name="max"/> lower-case letters, digits, '.', '_' or '-', starting with a letter.</summary>
    public static bool IsName(string? name, int max)
        => name is { Length: > 0 } && name.Length <= max && char.IsAsciiLetterLower(name[0])
           && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-');
}
