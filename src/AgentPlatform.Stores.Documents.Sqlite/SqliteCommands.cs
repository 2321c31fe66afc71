using AgentPlatform.Contracts;
using AgentPlatform.Domain;
using Microsoft.Data.Sqlite;

namespace AgentPlatform.Storage.Documents.Sqlite;

/// <summary>Small ADO.NET helpers: Microsoft.Data.Sqlite requires every command to name the open transaction.</summary>
internal static class SqliteCommands
{
    public static SqliteCommand Command(this SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    /// <summary>One page of the rows of "table WHERE condition" and their total count, read in one snapshot.
    /// bind adds the condition's parameters to each command.</summary>
    public static async Task<Page<T>> ReadPageAsync<T>(this SqliteConnection connection, string columns, string filteredTable, string orderBy,
        Func<SqliteCommand, SqliteCommand> bind, Func<SqliteDataReader, T> read, PageRequest page, CancellationToken ct)
    {
        await using var transaction = connection.BeginTransaction(deferred: true);
        return await connection.ReadPageAsync(transaction, columns, filteredTable, orderBy, bind, read, page, ct);
    }

    /// <summary>The same, inside a transaction the caller holds, so its other reads see the same snapshot.</summary>
    public static async Task<Page<T>> ReadPageAsync<T>(this SqliteConnection connection, SqliteTransaction transaction, string columns,
        string filteredTable, string orderBy, Func<SqliteCommand, SqliteCommand> bind, Func<SqliteDataReader, T> read, PageRequest page, CancellationToken ct)
    {
        await using var count = bind(connection.Command($"SELECT COUNT(*) FROM {filteredTable};", transaction));
        var total = (long)(await count.ExecuteScalarAsync(ct))!;

        await using var select = bind(connection.Command(
                $"SELECT {columns} FROM {filteredTable} ORDER BY {orderBy} LIMIT $limit OFFSET $offset;", transaction))
            .With("$limit", page.Limit)
            .With("$offset", page.Offset);
        var items = new List<T>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            items.Add(read(reader));
        return new Page<T>(items, total, page.Offset, page.Limit);
    }

    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    /// <summary>Instants are stored as UTC ticks: exact, and ordered by plain integer comparison.</summary>
    public static long ToStoredTime(DateTimeOffset value) => value.UtcTicks;

    public static DateTimeOffset ReadTime(this SqliteDataReader reader, int ordinal) => new(reader.GetInt64(ordinal), TimeSpan.Zero);

    public static string? ReadNullableString(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>Guids are stored as lower-case "D" text (the provider would otherwise bind them as blobs).</summary>
    public static string ToStoredId(Guid id) => id.ToString("D");

    public static Guid ReadGuid(this SqliteDataReader reader, int ordinal) => Guid.Parse(reader.GetString(ordinal));
}
