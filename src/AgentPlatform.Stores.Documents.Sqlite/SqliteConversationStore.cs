using AgentPlatform.Contracts;
using AgentPlatform.Domain;
using AgentPlatform.Ports;
using Microsoft.Data.Sqlite;

namespace AgentPlatform.Storage.Documents.Sqlite;

/// <summary>Conversation messages as rows of the conversations table, one per message. A row is inserted with
/// indexed_at NULL, so the message and its "to index" mark are one write; the indexing worker claims such rows by
/// setting lease_until and marks them by setting indexed_at.</summary>
public sealed class SqliteConversationStore(SqliteDocumentDatabase database) :
    IConversationHistory, IConversationWriter, IMessageOutbox, IMessageReindexQueue, IMessageIndexingStatus, IConversationActivity
{
    private const string Columns = "tenant_id, id, session_id, agent_id, user_id, role, content, created_at, metadata";
    /// <summary>What the indexer reads of a claimed row: the message and whether it is a tombstone.</summary>
    private const string ClaimColumns = Columns + ", deleted_at IS NOT NULL";
    private const string QueueAgain = "indexed_at = NULL, lease_until = NULL, index_attempts = 0, index_error = NULL, index_failed_at = NULL";

    /// <summary>The oldest $max messages not indexed and not leased at $now, of every tenant (the worker indexes them all).
    /// Read from ix_conversations_unindexed, already in this order.</summary>
    internal const string ClaimableRows = """
        SELECT rowid FROM conversations
        WHERE indexed_at IS NULL AND index_failed_at IS NULL AND (lease_until IS NULL OR lease_until <= $now)
        ORDER BY created_at, tenant_id, id
        LIMIT $max
        """;

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
                INSERT INTO conversations ({Columns})
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
        return database.RunAsync(connection => connection.ReadPageAsync(Columns, SessionRows, NewestFirst,
            command => BindSession(command, tenantId, sessionId), ReadMessage, page, ct), ct);
    }

    public Task<Page<ConversationMessage>?> GetHistoryBeforeAsync(string tenantId, Guid sessionId, Guid before, int limit, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        var page = new PageRequest(0, limit).Validated();
        var cursorId = SqliteCommands.ToStoredId(before);
        return database.RunAsync<Page<ConversationMessage>?>(async connection =>
        {
            // One snapshot: the cursor, the session's count and the older messages agree while new messages arrive.
            await using var transaction = connection.BeginTransaction(deferred: true);
            await using var cursor = BindSession(connection.Command($"SELECT created_at FROM {SessionRows} AND id = $before;", transaction),
                tenantId, sessionId).With("$before", cursorId);
            if (await cursor.ExecuteScalarAsync(ct) is not long cursorCreatedAt)
                return null;
            await using var count = BindSession(connection.Command($"SELECT COUNT(*) FROM {SessionRows};", transaction), tenantId, sessionId);
            var total = (long)(await count.ExecuteScalarAsync(ct))!;
            // Row-value comparison: the exact reverse of NewestFirst, served by ix_conversations_session.
            var older = await connection.ReadPageAsync(transaction, Columns, $"{SessionRows} AND (created_at, id) < ($beforeCreatedAt, $before)",
                NewestFirst, command => BindSession(command, tenantId, sessionId).With("$beforeCreatedAt", cursorCreatedAt).With("$before", cursorId),
                ReadMessage, page, ct);
            return new Page<ConversationMessage>(older.Items, total, checked((int)(total - older.Total)), page.Limit);
        }, ct);
    }

    /// <summary>The session's live messages (tombstones of deleted ones are left out).</summary>
    private const string SessionRows = "conversations WHERE tenant_id = $tenant AND session_id = $session AND deleted_at IS NULL";

    /// <summary>History order, matching ix_conversations_session.</summary>
    private const string NewestFirst = "created_at DESC, id DESC";

    private static SqliteCommand BindSession(SqliteCommand command, string tenantId, Guid sessionId) =>
        command.With("$tenant", tenantId).With("$session", SqliteCommands.ToStoredId(sessionId));

    /// <summary>Stored times are UTC ticks, so ticks / TicksPerDay is the UTC day's DayNumber.</summary>
    public Task<IReadOnlyDictionary<DateOnly, long>> CountPerDayAsync(string tenantId, string? agentId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        return database.RunAsync<IReadOnlyDictionary<DateOnly, long>>(async connection =>
        {
            await using var count = connection.Command($"""
                SELECT created_at / {TimeSpan.TicksPerDay} AS day, COUNT(*) FROM conversations
                WHERE tenant_id = $tenant{(agentId is null ? "" : " AND agent_id = $agent")} AND created_at >= $from AND created_at < $to AND deleted_at IS NULL
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

    /// <summary>One statement over ix_conversations_created: COUNT(DISTINCT) skips NULL users, and length() counts the
    /// characters (code points) of text.</summary>
    public Task<ConversationFigures> SummarizeAsync(string tenantId, string? agentId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        return database.RunAsync(async connection =>
        {
            await using var summary = connection.Command($"""
                SELECT COUNT(DISTINCT user_id),
                       COUNT(CASE WHEN role = $assistant THEN 1 END),
                       COALESCE(SUM(CASE WHEN role = $assistant THEN length(content) END), 0)
                FROM conversations
                WHERE tenant_id = $tenant{(agentId is null ? "" : " AND agent_id = $agent")} AND created_at >= $from AND created_at < $to AND deleted_at IS NULL;
                """)
                .With("$tenant", tenantId)
                .With("$agent", agentId)
                .With("$assistant", DocumentStoreRules.RoleName(MessageRole.Assistant))
                .With("$from", SqliteCommands.ToStoredTime(from))
                .With("$to", SqliteCommands.ToStoredTime(to));
            await using var reader = await summary.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return new ConversationFigures(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }, ct);
    }

    public Task<IReadOnlyList<ConversationMessage>> ClaimUnindexedAsync(int max, TimeSpan lease, DateTimeOffset now, CancellationToken ct)
    {
        DocumentStoreRules.ValidateClaim(max, lease);
        return database.RunAsync<IReadOnlyList<ConversationMessage>>(async connection =>
        {
            // One statement: SQLite runs one writer at a time, so two workers never lease the same row.
            await using var claim = connection.Command($"""
                    UPDATE conversations SET lease_until = $leaseUntil
                    WHERE rowid IN ({ClaimableRows})
                    RETURNING {ClaimColumns};
                    """)
                .With("$leaseUntil", SqliteCommands.ToStoredTime(now + lease))
                .With("$now", SqliteCommands.ToStoredTime(now))
                .With("$max", max);
            var claimed = new List<ConversationMessage>();
            await using var reader = await claim.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                claimed.Add(ReadMessage(reader));
            // RETURNING gives rows in no particular order.
            return DocumentStoreRules.OldestFirst(claimed);
        }, ct);
    }

    public Task MarkIndexedAsync(IReadOnlyList<ConversationMessage> messages, CancellationToken ct)
    {
        foreach (var message in messages)
            TenantIds.Require(message.TenantId);
        if (messages.Count == 0)
            return Task.CompletedTask;
        var indexedAt = SqliteCommands.ToStoredTime(DateTimeOffset.UtcNow);
        return database.RunAsync(async connection =>
        {
            await using var transaction = connection.BeginTransaction(deferred: false);
            await using var mark = connection.Command("""
                UPDATE conversations SET indexed_at = $indexedAt, lease_until = NULL, index_error = NULL
                WHERE tenant_id = $tenant AND id = $id AND deleted_at IS NULL;
                """, transaction);
            await using var purge = connection.Command(
                "DELETE FROM conversations WHERE tenant_id = $tenant AND id = $id AND deleted_at IS NOT NULL;", transaction);
            foreach (var message in messages)
            {
                var command = message.Deleted ? purge : mark;
                command.Parameters.Clear();
                await command
                    .With("$indexedAt", indexedAt)
                    .With("$tenant", message.TenantId)
                    .With("$id", SqliteCommands.ToStoredId(message.Id))
                    .ExecuteNonQueryAsync(ct);
            }
            await transaction.CommitAsync(ct);
            return messages.Count;
        }, ct);
    }

    public Task FailIndexingAsync(ConversationMessage message, string error, Func<int, DateTimeOffset?> retryAfterAttempt, CancellationToken ct)
    {
        TenantIds.Require(message.TenantId);
        return database.RunAsync(async connection =>
        {
            await using var transaction = connection.BeginTransaction(deferred: false);
            await using var count = connection.Command("""
                UPDATE conversations SET index_attempts = index_attempts + 1, index_error = $error
                WHERE tenant_id = $tenant AND id = $id
                RETURNING index_attempts;
                """, transaction).With("$error", error).With("$tenant", message.TenantId).With("$id", SqliteCommands.ToStoredId(message.Id));
            if (await count.ExecuteScalarAsync(ct) is not long attempts)
                return false;
            var retryAt = retryAfterAttempt(checked((int)attempts));
            await using var schedule = connection.Command(retryAt is null
                    ? "UPDATE conversations SET index_failed_at = $now, lease_until = NULL WHERE tenant_id = $tenant AND id = $id;"
                    : "UPDATE conversations SET lease_until = $retryAt WHERE tenant_id = $tenant AND id = $id;", transaction)
                .With("$now", SqliteCommands.ToStoredTime(DateTimeOffset.UtcNow))
                .With("$retryAt", retryAt is { } at ? SqliteCommands.ToStoredTime(at) : null)
                .With("$tenant", message.TenantId).With("$id", SqliteCommands.ToStoredId(message.Id));
            await schedule.ExecuteNonQueryAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }, ct);
    }

    public Task<long> EnqueueReindexAsync(string tenantId, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        return database.RunAsync(async connection =>
        {
            await using var reset = connection.Command($"""
                UPDATE conversations SET {QueueAgain}
                WHERE tenant_id = $tenant;
                """).With("$tenant", tenantId);
            return (long)await reset.ExecuteNonQueryAsync(ct);
        }, ct);
    }

    public Task<ConversationMessage?> UpdateContentAsync(string tenantId, Guid sessionId, Guid messageId, string content, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        return database.RunAsync(async connection =>
        {
            await using var update = BindSession(connection.Command($"""
                UPDATE conversations SET content = $content, {QueueAgain}
                WHERE tenant_id = $tenant AND session_id = $session AND id = $id AND deleted_at IS NULL
                RETURNING {Columns};
                """), tenantId, sessionId)
                .With("$id", SqliteCommands.ToStoredId(messageId)).With("$content", content);
            await using var reader = await update.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) ? ReadMessage(reader) : null;
        }, ct);
    }

    public Task<long> DeleteAsync(string tenantId, Guid sessionId, Guid? messageId, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        return database.RunAsync(async connection =>
        {
            await using var delete = BindSession(connection.Command($"""
                UPDATE conversations SET deleted_at = $now, {QueueAgain}
                WHERE tenant_id = $tenant AND session_id = $session AND deleted_at IS NULL{(messageId is null ? "" : " AND id = $id")};
                """), tenantId, sessionId)
                .With("$now", SqliteCommands.ToStoredTime(DateTimeOffset.UtcNow))
                .With("$id", messageId is { } id ? SqliteCommands.ToStoredId(id) : null);
            return (long)await delete.ExecuteNonQueryAsync(ct);
        }, ct);
    }

    public Task<MessageIndexingCounts> CountIndexingAsync(string tenantId, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        return database.RunAsync(async connection =>
        {
            await using var count = connection.Command("""
                SELECT COALESCE(SUM(indexed_at IS NULL AND index_failed_at IS NULL), 0), COALESCE(SUM(indexed_at IS NOT NULL), 0),
                       COALESCE(SUM(index_failed_at IS NOT NULL AND indexed_at IS NULL), 0)
                FROM conversations WHERE tenant_id = $tenant AND deleted_at IS NULL;
                """).With("$tenant", tenantId);
            await using var reader = await count.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return new MessageIndexingCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }, ct);
    }

    public Task<MessageNeighbours?> GetNeighboursAsync(string tenantId, Guid sessionId, Guid messageId, int count, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var id = SqliteCommands.ToStoredId(messageId);
        return database.RunAsync<MessageNeighbours?>(async connection =>
        {
            await using var transaction = connection.BeginTransaction(deferred: true);
            await using var cursor = BindSession(connection.Command($"SELECT created_at FROM {SessionRows} AND id = $id;", transaction),
                tenantId, sessionId).With("$id", id);
            if (await cursor.ExecuteScalarAsync(ct) is not long createdAt)
                return null;
            async Task<List<ConversationMessage>> ReadAsync(string comparison, string order)
            {
                await using var read = BindSession(connection.Command(
                        $"SELECT {Columns} FROM {SessionRows} AND (created_at, id) {comparison} ($createdAt, $id) ORDER BY {order} LIMIT $count;", transaction),
                    tenantId, sessionId).With("$createdAt", createdAt).With("$id", id).With("$count", count);
                var rows = new List<ConversationMessage>();
                await using var reader = await read.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                    rows.Add(ReadMessage(reader));
                return rows;
            }
            var before = await ReadAsync("<", NewestFirst);
            before.Reverse();
            var after = await ReadAsync(">", "created_at, id");
            return new MessageNeighbours(before, after);
        }, ct);
    }

    public Task<IReadOnlyList<ConversationMessage>> GetMessagesAsync(string tenantId, IReadOnlyCollection<Guid> messageIds, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(messageIds.Count, IConversationHistory.MaxMessageIds, nameof(messageIds));
        if (messageIds.Count == 0)
            return Task.FromResult<IReadOnlyList<ConversationMessage>>([]);
        // One parameter for every id: a JSON array read by json_each.
        var ids = System.Text.Json.JsonSerializer.Serialize(messageIds.Select(SqliteCommands.ToStoredId));
        return database.RunAsync<IReadOnlyList<ConversationMessage>>(async connection =>
        {
            await using var read = connection.Command($"""
                SELECT {Columns} FROM conversations
                WHERE tenant_id = $tenant AND deleted_at IS NULL AND id IN (SELECT value FROM json_each($ids));
                """).With("$tenant", tenantId).With("$ids", ids);
            var rows = new List<ConversationMessage>(messageIds.Count);
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                rows.Add(ReadMessage(reader));
            return rows;
        }, ct);
    }

    private static ConversationMessage ReadMessage(SqliteDataReader reader) => new()
    {
        TenantId = reader.GetString(0),
        Id = reader.ReadGuid(1),
        SessionId = reader.ReadGuid(2),
        AgentId = reader.GetString(3),
        UserId = reader.ReadNullableString(4),
        Role = DocumentStoreRules.ParseRole(reader.GetString(5)),
        Content = reader.GetString(6),
        CreatedAt = reader.ReadTime(7),
        MetadataJson = reader.ReadNullableString(8),
        Deleted = reader.FieldCount > 9 && reader.GetBoolean(9),
    };
}
