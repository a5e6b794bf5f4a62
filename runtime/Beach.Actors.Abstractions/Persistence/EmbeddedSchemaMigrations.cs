using System.Globalization;
using System.Reflection;

namespace Beach.Actors.Persistence;

/// <summary>
/// Reads a provider's migrations from the scripts embedded in its assembly, named <c>{version}_{name}.sql</c>, ordered
/// by version. Every SQL provider (SQLite, PostgreSQL) keeps its schema this way.
/// </summary>
public static class EmbeddedSchemaMigrations
{
    private const string RESOURCE_SUFFIX = ".sql";
    private const char VERSION_SEPARATOR = '_';

    /// <summary>The migrations embedded in <paramref name="assembly"/> under <paramref name="resourcePrefix"/>.</summary>
    /// <param name="assembly">The provider's assembly.</param>
    /// <param name="resourcePrefix">The resource names' prefix, for example <c>Beach.Actors.Sqlite.Migrations.</c>.</param>
    /// <param name="database">The database's name, for error messages.</param>
    /// <exception cref="InvalidOperationException">A script is misnamed or unreadable, or two share a version.</exception>
    public static IReadOnlyList<SchemaMigration> Load(Assembly assembly, string resourcePrefix, string database)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var migrations = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(resourcePrefix, StringComparison.Ordinal) && name.EndsWith(RESOURCE_SUFFIX, StringComparison.Ordinal))
            .Select(name => Read(assembly, name, resourcePrefix, database))
            .OrderBy(migration => migration.Version)
            .ToArray();

        var duplicate = migrations.GroupBy(migration => migration.Version).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two {database} migrations share version {duplicate.Key}.");
        }

        return migrations;
    }

    private static SchemaMigration Read(Assembly assembly, string resourceName, string resourcePrefix, string database)
    {
        var fileName = resourceName[resourcePrefix.Length..^RESOURCE_SUFFIX.Length];
        var separator = fileName.IndexOf(VERSION_SEPARATOR, StringComparison.Ordinal);
        if (separator <= 0 || !long.TryParse(fileName[..separator], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new InvalidOperationException($"{database} migration '{fileName}' is not named '{{version}}_{{name}}.sql'.");
        }

        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"{database} migration '{resourceName}' cannot be read.");
        using var reader = new StreamReader(stream);
        return new SchemaMigration(version, fileName[(separator + 1)..], reader.ReadToEnd());
    }
}
