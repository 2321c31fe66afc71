using Microsoft.Data.Sqlite;

namespace AgentPlatform.Tests.Reliability;

/// <summary>A fingerprint of the local backend's SQLite files, read straight from the files (not through the APIs
/// under test): rows per table, plus status and version breakdowns, so that any accepted write, update, status change
/// or delete shows. With a tenant, only that tenant's rows count (tables without a tenant column are left out).</summary>
public static class StoreRecords
{
    private static readonly (string File, string TenantColumn)[] Files = [("relational.db", "TenantId"), ("documents.db", "tenant_id")];

    private static readonly (string File, string Table, string Label)[] Breakdowns =
    [
        ("relational.db", "KnowledgeEntries", "'knowledge ' || \"Status\" || ':' || COUNT(*) || ' v' || SUM(\"Version\")"),
        ("relational.db", "AgentSessions", "'sessions ' || \"Status\" || ':' || COUNT(*)"),
        ("documents.db", "agent_states", "'states ' || COUNT(*) || ' v' || SUM(version)"),
        ("documents.db", "knowledge_documents", "'documents ' || COUNT(*) || ' v' || SUM(version)"),
    ];

    public static async Task<string> ReadAsync(string dataDirectory, string? tenantId = null)
    {
        var counts = new List<string>();
        foreach (var (file, tenantColumn) in Files)
        {
            await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, file)};Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync();
            var tables = new List<string>();
            await using (var list = connection.CreateCommand())
            {
                list.CommandText = "SELECT m.name FROM sqlite_master m WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '__EF%' "
                    + (tenantId is null ? "" : "AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name = $column) ")
                    + "ORDER BY m.name";
                list.Parameters.AddWithValue("$column", tenantColumn);
                await using var reader = await list.ExecuteReaderAsync();
                while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
            }
            var where = tenantId is null ? "" : $" WHERE \"{tenantColumn}\" = $tenant";
            foreach (var table in tables)
            {
                await using var count = connection.CreateCommand();
                count.CommandText = $"SELECT COUNT(*) FROM \"{table}\"{where}";
                if (tenantId is not null) count.Parameters.AddWithValue("$tenant", tenantId);
                counts.Add($"{file}/{table}={await count.ExecuteScalarAsync()}");
            }
            foreach (var (_, table, label) in Breakdowns.Where(b => b.File == file))
            {
                await using var command = connection.CreateCommand();
                var groupBy = label.Contains("\"Status\"", StringComparison.Ordinal) ? " GROUP BY \"Status\" ORDER BY \"Status\"" : "";
                command.CommandText = $"SELECT {label} FROM \"{table}\"{where}{groupBy}";
                if (tenantId is not null) command.Parameters.AddWithValue("$tenant", tenantId);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync()) counts.Add(reader.IsDBNull(0) ? $"{table} empty" : reader.GetString(0));
            }
        }
        Assert.Contains(counts, c => c.StartsWith("relational.db/KnowledgeEntries=", StringComparison.Ordinal));
        return string.Join(", ", counts);
    }
}
