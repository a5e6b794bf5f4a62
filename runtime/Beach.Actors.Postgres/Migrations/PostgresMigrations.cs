using System.Globalization;
using System.Reflection;

namespace Beach.Actors.Postgres.Migrations;

/// <summary>
/// The schema's migrations: the embedded scripts named <c>{version}_{name}.sql</c>, ordered by version.
/// </summary>
internal static class PostgresMigrations
{
    private const string ResourcePrefix = "Beach.Actors.Postgres.Migrations.";
    private const string ResourceSuffix = ".sql";
    private const char VersionSeparator = '_';

    public static IReadOnlyList<PostgresMigration> All { get; } = Load();

    private static PostgresMigration[] Load()
    {
        var assembly = typeof(PostgresMigrations).Assembly;
        var migrations = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal)
                && name.EndsWith(ResourceSuffix, StringComparison.Ordinal))
            .Select(name => Read(assembly, name))
            .OrderBy(migration => migration.Version)
            .ToArray();

        var duplicate = migrations.GroupBy(migration => migration.Version).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two PostgreSQL migrations share version {duplicate.Key}.");
        }

        return migrations;
    }

    private static PostgresMigration Read(Assembly assembly, string resourceName)
    {
        var fileName = resourceName[ResourcePrefix.Length..^ResourceSuffix.Length];
        var separator = fileName.IndexOf(VersionSeparator, StringComparison.Ordinal);
        if (separator <= 0 || !long.TryParse(fileName[..separator], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new InvalidOperationException($"PostgreSQL migration '{fileName}' is not named '{{version}}_{{name}}.sql'.");
        }

        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"PostgreSQL migration '{resourceName}' cannot be read.");
        using var reader = new StreamReader(stream);
        return new PostgresMigration(version, fileName[(separator + 1)..], reader.ReadToEnd());
    }
}
