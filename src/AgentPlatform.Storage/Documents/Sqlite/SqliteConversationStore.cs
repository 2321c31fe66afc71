using AgentPlatform.Domain;
using AgentPlatform.Ports;
using Microsoft.Data.Sqlite;

namespace AgentPlatform.Storage.Documents.Sqlite;

/// <summary>Conversation messages as rows of the conversations table, one per message.</summary>
public sealed class SqliteConversationStore(SqliteDocumentDatabase database) : IConversationStore
{
    private const string Columns = "id, session_id, agent_id, user_id, role, content, created_at, metadata";

    public Task AppendAsync(IReadOnlyList<ConversationMessage> messages, CancellationToken ct)
    {
        foreach (var message in messages)
            TenantIds.Require(message.TenantId);
        if (messages.Count == 0)
            return Task.CompletedTask;
        return database.RunAsync(async connection =>
        {
            await using var transaction = connection.BeginTransaction(deferred: false);
            // A message id already stored for the tenant is kept as it is: re-sending a batch is harmless.
            await using var insert = connection.Command($"""
                INSERT INTO conversations (tenant_id, {Columns})
                VALUES ($tenant, $id, $session, $agent, $user, $role, $content, $created, $metadata)
                ON CONFLICT (tenant_id, id) DO NOTHING;
                """, transaction);
            foreach (var message in messages)
            {
                insert.Parameters.Clear();
                await insert
                    .With("$tenant", message.TenantId)
                    .With("$id", SqliteCommands.ToStoredId(message.Id))
                    .With("$session", SqliteCommands.ToStoredId(message.SessionId))
                    .With("$agent", message.AgentId)
                    .With("$user", message.UserId)
                    .With("$role", DocumentStoreRules.RoleName(message.Role))
                    .With("$content", message.Content)
                    .With("$created", SqliteCommands.ToStoredTime(message.CreatedAt))
                    .With("$metadata", message.MetadataJson)
                    .ExecuteNonQueryAsync(ct);
            }
            await transaction.CommitAsync(ct);
            return messages.Count;
        }, ct);
    }

    public Task<Page<ConversationMessage>> GetHistoryAsync(string tenantId, Guid sessionId, PageRequest page, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        page = page.Validated();
        return database.RunAsync(connection => connection.ReadPageAsync(Columns,
            "conversations WHERE tenant_id = $tenant AND session_id = $session", "created_at DESC, id DESC",
            command => command.With("$tenant", tenantId).With("$session", SqliteCommands.ToStoredId(sessionId)),
            reader => ReadMessage(reader, tenantId), page, ct), ct);
    }

    /// <summary>Stored times are UTC ticks, so ticks / TicksPerDay is the UTC day's DayNumber.</summary>
    public Task<IReadOnlyDictionary<DateOnly, long>> CountPerDayAsync(string tenantId, string? agentId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        return database.RunAsync<IReadOnlyDictionary<DateOnly, long>>(async connection =>
        {
            await using var count = connection.Command($"""
                SELECT created_at / {TimeSpan.TicksPerDay} AS day, COUNT(*) FROM conversations
                WHERE tenant_id = $tenant{(agentId is null ? "" : " AND agent_id = $agent")} AND created_at >= $from AND created_at < $to
                GROUP BY day;
                """)
                .With("$tenant", tenantId)
                .With("$agent", agentId)
                .With("$from", SqliteCommands.ToStoredTime(from))
                .With("$to", SqliteCommands.ToStoredTime(to));
            var perDay = new Dictionary<DateOnly, long>();
            await using var reader = await count.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                perDay[DateOnly.FromDayNumber(checked((int)reader.GetInt64(0)))] = reader.GetInt64(1);
            return perDay;
        }, ct);
    }

    private static ConversationMessage ReadMessage(SqliteDataReader reader, string tenantId) => new()
    {
        TenantId = tenantId,
        Id = reader.ReadGuid(0),
        SessionId = reader.ReadGuid(1),
        AgentId = reader.GetString(2),
        UserId = reader.ReadNullableString(3),
        Role = DocumentStoreRules.ParseRole(reader.GetString(4)),
        Content = reader.GetString(5),
        CreatedAt = reader.ReadTime(6),
        MetadataJson = reader.ReadNullableString(7),
    };
}
