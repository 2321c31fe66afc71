using System.Text.Json;
using AgentPlatform.Domain;
using AgentPlatform.Ports;
using Microsoft.Data.Sqlite;

namespace AgentPlatform.Storage.Documents.Sqlite;

/// <summary>Knowledge documents in knowledge_documents (tags and chunks as JSON text); text search through the
/// external-content FTS5 table that triggers keep in step within the writing transaction.</summary>
public sealed class SqliteKnowledgeDocumentStore(SqliteDocumentDatabase database) : IKnowledgeDocumentStore
{
    /// <summary>bm25 column weights, in FTS column order (title, content): a title match counts double.</summary>
    internal const string Bm25 = "bm25(knowledge_documents_fts, 2.0, 1.0)";

    private const string Columns = "d.entry_id, d.title, d.content, d.category, d.tags, d.source, d.version, d.chunks, d.created_at, d.updated_at, d.agent_id";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task UpsertAsync(IReadOnlyList<KnowledgeDocument> documents, CancellationToken ct)
    {
        foreach (var document in documents)
            TenantIds.Require(document.TenantId);
        if (documents.Count == 0)
            return Task.CompletedTask;
        return database.RunAsync(async connection =>
        {
            // One transaction for the batch: the rows and their FTS entries (written by trigger) change together,
            // and the file is synced once instead of once per document.
            await using var transaction = connection.BeginTransaction(deferred: false);
            await using var upsert = connection.Command("""
                    INSERT INTO knowledge_documents
                        (tenant_id, entry_id, title, content, category, tags, source, version, chunks, created_at, updated_at, agent_id)
                    VALUES ($tenant, $entry, $title, $content, $category, $tags, $source, $version, $chunks, $created, $updated, $agent)
                    ON CONFLICT (tenant_id, entry_id) DO UPDATE SET
                        title = excluded.title, content = excluded.content, category = excluded.category,
                        tags = excluded.tags, source = excluded.source, version = excluded.version,
                        chunks = excluded.chunks, created_at = excluded.created_at, updated_at = excluded.updated_at,
                        agent_id = excluded.agent_id;
                    """, transaction);
            foreach (var document in documents)
            {
                upsert.Parameters.Clear();
                upsert.With("$tenant", document.TenantId)
                    .With("$entry", SqliteCommands.ToStoredId(document.EntryId))
                    .With("$title", document.Title)
                    .With("$content", document.Content)
                    .With("$category", document.Category)
                    .With("$tags", JsonSerializer.Serialize(document.Tags, Json))
                    .With("$source", document.Source)
                    .With("$version", document.Version)
                    .With("$chunks", JsonSerializer.Serialize(document.Chunks, Json))
                    .With("$created", SqliteCommands.ToStoredTime(document.CreatedAt))
                    .With("$updated", SqliteCommands.ToStoredTime(document.UpdatedAt))
                    .With("$agent", document.AgentId);
                await upsert.ExecuteNonQueryAsync(ct);
            }
            await transaction.CommitAsync(ct);
            return documents.Count;
        }, ct);
    }

    public Task<IReadOnlyList<KnowledgeDocument>> GetManyAsync(string tenantId, IReadOnlyCollection<Guid> entryIds, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        DocumentStoreRules.ValidateEntriesPerGet(entryIds);
        if (entryIds.Count == 0)
            return Task.FromResult<IReadOnlyList<KnowledgeDocument>>([]);
        return database.RunAsync<IReadOnlyList<KnowledgeDocument>>(async connection =>
        {
            // The ids as one JSON array parameter: one statement (and one cached plan) for any number of them.
            await using var select = connection.Command(
                    $"SELECT {Columns} FROM knowledge_documents d WHERE d.tenant_id = $tenant AND d.entry_id IN (SELECT value FROM json_each($entries));")
                .With("$tenant", tenantId)
                .With("$entries", JsonSerializer.Serialize(entryIds.Select(SqliteCommands.ToStoredId), Json));
            await using var reader = await select.ExecuteReaderAsync(ct);
            var documents = new List<KnowledgeDocument>(entryIds.Count);
            while (await reader.ReadAsync(ct))
                documents.Add(ReadDocument(reader, tenantId));
            return documents;
        }, ct);
    }

    public Task<bool> DeleteAsync(string tenantId, Guid entryId, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        return database.RunAsync(async connection =>
        {
            await using var delete = connection.Command(
                    "DELETE FROM knowledge_documents WHERE tenant_id = $tenant AND entry_id = $entry;")
                .With("$tenant", tenantId)
                .With("$entry", SqliteCommands.ToStoredId(entryId));
            return await delete.ExecuteNonQueryAsync(ct) > 0;
        }, ct);
    }

    public Task<IReadOnlyList<DocumentTextHit>> SearchTextAsync(string tenantId, string text, SearchFilter filter, int limit, CancellationToken ct)
    {
        TenantIds.Require(tenantId);
        limit = DocumentStoreRules.ValidatedSearchLimit(limit);
        var query = MatchExpression(text);
        if (query is null || !DocumentStoreRules.CanMatchKnowledge(filter))
            return Task.FromResult<IReadOnlyList<DocumentTextHit>>([]);
        return database.RunAsync<IReadOnlyList<DocumentTextHit>>(async connection =>
        {
            // bm25 is lower-is-better; the port reports higher-is-better scores. The ranking picks ids only and the
            // documents are read for the kept ones, so the sort does not carry every match's content and chunks.
            await using var select = BindFilter(connection.Command($"""
                    SELECT {Columns}, -ranked.rank AS score
                    FROM (
                        SELECT d.doc_id AS doc_id, {Bm25} AS rank
                        FROM knowledge_documents_fts
                        JOIN knowledge_documents d ON d.doc_id = knowledge_documents_fts.rowid
                        WHERE knowledge_documents_fts MATCH $query AND d.tenant_id = $tenant{FilterSql(filter)}
                        ORDER BY rank
                        LIMIT $limit
                    ) AS ranked
                    JOIN knowledge_documents d ON d.doc_id = ranked.doc_id
                    ORDER BY ranked.rank;
                    """), filter)
                .With("$query", query)
                .With("$tenant", tenantId)
                .With("$limit", limit);
            var hits = new List<DocumentTextHit>();
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                hits.Add(new DocumentTextHit(ReadDocument(reader, tenantId), reader.GetDouble(11)));
            return hits;
        }, ct);
    }

    /// <summary>The filter's conditions on d, each value a parameter bound by <see cref="BindFilter"/>: category and agent
    /// compared exactly, created_at in [from, to), and every tag (or, with MatchAnyTag, one of them) among the JSON tags.</summary>
    internal static string FilterSql(SearchFilter filter)
    {
        var sql = new System.Text.StringBuilder();
        if (filter.Category is not null) sql.Append(" AND d.category = $category");
        if (filter.AgentId is not null) sql.Append(" AND d.agent_id = $agent");
        if (filter.From is not null) sql.Append(" AND d.created_at >= $from");
        if (filter.To is not null) sql.Append(" AND d.created_at < $to");
        var tags = Enumerable.Range(0, filter.Tags.Count).Select(i => $"$tag{i}").ToList();
        if (filter.MatchAnyTag && tags.Count > 0)
            sql.Append($" AND EXISTS (SELECT 1 FROM json_each(d.tags) WHERE value IN ({string.Join(", ", tags)}))");
        else
            foreach (var tag in tags) sql.Append($" AND EXISTS (SELECT 1 FROM json_each(d.tags) WHERE value = {tag})");
        return sql.ToString();
    }

    private static SqliteCommand BindFilter(SqliteCommand command, SearchFilter filter)
    {
        if (filter.Category is { } category) command.With("$category", category);
        if (filter.AgentId is { } agent) command.With("$agent", agent);
        if (filter.From is { } from) command.With("$from", SqliteCommands.ToStoredTime(from));
        if (filter.To is { } to) command.With("$to", SqliteCommands.ToStoredTime(to));
        for (var i = 0; i < filter.Tags.Count; i++) command.With($"$tag{i}", filter.Tags[i]);
        return command;
    }

    /// <summary>Turns user text into an FTS5 expression that matches any of its words. Each word is a quoted
    /// string, so words such as AND, NOT or NEAR stay plain text. Null when the text holds no word.</summary>
    internal static string? MatchExpression(string text)
    {
        var terms = DocumentStoreRules.SearchTerms(text);
        return terms.Count == 0 ? null : string.Join(" OR ", terms.Select(term => $"\"{term}\""));
    }

    private static KnowledgeDocument ReadDocument(SqliteDataReader reader, string tenantId) => new()
    {
        TenantId = tenantId,
        EntryId = reader.ReadGuid(0),
        Title = reader.GetString(1),
        Content = reader.GetString(2),
        Category = reader.ReadNullableString(3),
        Tags = JsonSerializer.Deserialize<List<string>>(reader.GetString(4), Json) ?? [],
        Source = reader.ReadNullableString(5),
        Version = reader.GetInt32(6),
        Chunks = JsonSerializer.Deserialize<List<KnowledgeChunk>>(reader.GetString(7), Json) ?? [],
        CreatedAt = reader.ReadTime(8),
        UpdatedAt = reader.ReadTime(9),
        AgentId = reader.ReadNullableString(10),
    };
}
