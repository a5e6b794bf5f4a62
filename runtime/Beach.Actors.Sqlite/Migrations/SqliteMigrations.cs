using System.Globalization;
using System.Reflection;

namespace Beach.Actors.Sqlite.Migrations;

/// <summary>
/// The schema's migrations: the embedded scripts named <c>{version}_{name}.sql</c>, ordered by version.
/// </summary>
internal static class SqliteMigrations
{
    private const string ResourcePrefix = "Beach.Actors.Sqlite.Migrations.";
    private const string ResourceSuffix = ".sql";
    private const char VersionSeparator = '_';

    public static IReadOnlyList<SqliteMigration> All { get; } = Load();

    private static SqliteMigration[] Load()
    {
        var assembly = typeof(SqliteMigrations).Assembly;
        var migrations = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal)
                && name.EndsWith(ResourceSuffix, StringComparison.Ordinal))
            .Select(name => Read(assembly, name))
            .OrderBy(migration => migration.Version)
            .ToArray();

        var duplicate = migrations.GroupBy(migration => migration.Version).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two SQLite migrations share version {duplicate.Key}.");
        }

        return migrations;
    }

    private static SqliteMigration Read(Assembly assembly, string resourceName)
    {
        var fileName = resourceName[ResourcePrefix.Length..^ResourceSuffix.Length];
        var separator = fileName.IndexOf(VersionSeparator, StringComparison.Ordinal);
        if (separator <= 0 || !long.TryParse(fileName[..separator], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new InvalidOperationException($"SQLite migration '{fileName}' is not named '{{version}}_{{name}}.sql'.");
        }

        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"SQLite migration '{resourceName}' cannot be read.");
        using var reader = new StreamReader(stream);
        return new SqliteMigration(version, fileName[(separator + 1)..], reader.ReadToEnd());
    }
}
