using AgentPlatform.Domain;
using Microsoft.Data.Sqlite;

namespace AgentPlatform.Storage.Documents.Sqlite;

/// <summary>Creates the document tables, the FTS5 index and its sync triggers, then applies the later versions' changes
/// to files an earlier build created. Every step is IF NOT EXISTS or checks first, and all run in one IMMEDIATE
/// transaction, so processes starting together do not collide and running it again changes nothing.</summary>
public sealed class SqliteDocumentStoreInitializer(SqliteDocumentDatabase database) : IStoreInitializer
{
    /// <summary>1: tables, FTS. 2: conversations carry their full-text indexing state (indexed_at, lease_until).
    /// 3: knowledge documents carry the agent their entry belongs to (agent_id). 4: conversations carry their indexing
    /// attempts, last error and when indexing was given up (index_attempts, index_error, index_failed_at), and deletion
    /// tombstones (deleted_at: gone from the history, still to remove from the projections).</summary>
    public const int SchemaVersion = 4;

    /// <summary>Version 2's columns, added to the conversations table of a version 1 file (ALTER TABLE has no IF NOT EXISTS).
    /// indexed_at: when the message reached the full-text index (NULL: not yet); lease_until: a worker's claim on it.</summary>
    /// Version 4's: index_attempts, index_error and index_failed_at (NULL: not given up), the outbox semantics of knowledge.
    internal static readonly IReadOnlyList<(string Name, string Definition)> ConversationIndexingColumns =
        [("indexed_at", "INTEGER"), ("lease_until", "INTEGER"), ("index_attempts", "INTEGER NOT NULL DEFAULT 0"), ("index_error", "TEXT"), ("index_failed_at", "INTEGER"), ("deleted_at", "INTEGER")];

    /// <summary>Version 3's column, added to the knowledge_documents table of an earlier file: the owning agent (NULL: none).</summary>
    internal static readonly IReadOnlyList<(string Name, string Definition)> KnowledgeAgentColumns = [("agent_id", "TEXT")];

    /// <summary>Only the messages still to index, oldest first: what ClaimUnindexedAsync reads. Indexed messages leave it.</summary>
    internal const string UnindexedConversationsIndex = """
        CREATE INDEX IF NOT EXISTS ix_conversations_unindexed
            ON conversations (created_at, tenant_id, id) WHERE indexed_at IS NULL;
        """;

    // The version 1 shape; later versions' changes follow it as checked steps (see InitializeAsync).
    // Times are UTC ticks (INTEGER); ids are "D"-format Guid text; JSON columns are checked with json_valid.
    // knowledge_documents keeps an INTEGER PRIMARY KEY so the external-content FTS rowid survives VACUUM.
    internal const string Schema = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version INTEGER NOT NULL PRIMARY KEY,
            applied_at INTEGER NOT NULL);

        CREATE TABLE IF NOT EXISTS conversations (
            tenant_id TEXT NOT NULL,
            id TEXT NOT NULL,
            session_id TEXT NOT NULL,
            agent_id TEXT NOT NULL,
            user_id TEXT,
            role TEXT NOT NULL,
            content TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            metadata TEXT CHECK (metadata IS NULL OR json_valid(metadata)),
            PRIMARY KEY (tenant_id, id));
        CREATE INDEX IF NOT EXISTS ix_conversations_session
            ON conversations (tenant_id, session_id, created_at DESC, id DESC);
        CREATE INDEX IF NOT EXISTS ix_conversations_created
            ON conversations (tenant_id, created_at);

        CREATE TABLE IF NOT EXISTS agent_states (
            tenant_id TEXT NOT NULL,
            agent_id TEXT NOT NULL,
            state_type TEXT NOT NULL,
            data TEXT NOT NULL CHECK (json_valid(data)),
            version INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, agent_id, state_type));

        CREATE TABLE IF NOT EXISTS agent_state_history (
            tenant_id TEXT NOT NULL,
            agent_id TEXT NOT NULL,
            state_type TEXT NOT NULL,
            version INTEGER NOT NULL,
            data TEXT NOT NULL CHECK (json_valid(data)),
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, agent_id, state_type, version DESC));

        CREATE TABLE IF NOT EXISTS knowledge_documents (
            doc_id INTEGER PRIMARY KEY,
            tenant_id TEXT NOT NULL,
            entry_id TEXT NOT NULL,
            title TEXT NOT NULL,
            content TEXT NOT NULL,
            category TEXT,
            tags TEXT NOT NULL CHECK (json_valid(tags)),
            source TEXT,
            version INTEGER NOT NULL,
            chunks TEXT NOT NULL CHECK (json_valid(chunks)),
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            UNIQUE (tenant_id, entry_id));

        CREATE VIRTUAL TABLE IF NOT EXISTS knowledge_documents_fts USING fts5(
            title, content,
            content = 'knowledge_documents', content_rowid = 'doc_id',
            tokenize = 'porter unicode61 remove_diacritics 2');

        CREATE TRIGGER IF NOT EXISTS knowledge_documents_fts_insert AFTER INSERT ON knowledge_documents BEGIN
            INSERT INTO knowledge_documents_fts (rowid, title, content) VALUES (new.doc_id, new.title, new.content);
        END;
        CREATE TRIGGER IF NOT EXISTS knowledge_documents_fts_delete AFTER DELETE ON knowledge_documents BEGIN
            INSERT INTO knowledge_documents_fts (knowledge_documents_fts, rowid, title, content)
                VALUES ('delete', old.doc_id, old.title, old.content);
        END;
        CREATE TRIGGER IF NOT EXISTS knowledge_documents_fts_update AFTER UPDATE ON knowledge_documents BEGIN
            INSERT INTO knowledge_documents_fts (knowledge_documents_fts, rowid, title, content)
                VALUES ('delete', old.doc_id, old.title, old.content);
            INSERT INTO knowledge_documents_fts (rowid, title, content) VALUES (new.doc_id, new.title, new.content);
        END;
        """;

    public string Store => StoreNames.Documents;

    public Task InitializeAsync(CancellationToken ct) => database.RunAsync(async connection =>
    {
        // journal_mode is a property of the file and cannot change inside a transaction.
        await using (var wal = connection.Command("PRAGMA journal_mode = WAL;"))
            await wal.ExecuteNonQueryAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using (var schema = connection.Command(Schema, transaction))
            await schema.ExecuteNonQueryAsync(ct);
        await AddMissingColumnsAsync(connection, transaction, "conversations", ConversationIndexingColumns, ct);
        await AddMissingColumnsAsync(connection, transaction, "knowledge_documents", KnowledgeAgentColumns, ct);
        await using (var index = connection.Command(UnindexedConversationsIndex, transaction))
            await index.ExecuteNonQueryAsync(ct);
        await using (var version = connection.Command(
                         "INSERT INTO schema_version (version, applied_at) VALUES ($version, $now) ON CONFLICT (version) DO NOTHING;", transaction)
                         .With("$version", SchemaVersion)
                         .With("$now", SqliteCommands.ToStoredTime(DateTimeOffset.UtcNow)))
            await version.ExecuteNonQueryAsync(ct);
        await using (var newest = connection.Command("SELECT MAX(version) FROM schema_version;", transaction))
        {
            if (await newest.ExecuteScalarAsync(ct) is long version && version > SchemaVersion)
                throw new InvalidOperationException(
                    $"The documents database has schema version {version}; this build knows up to {SchemaVersion}.");
        }
        await transaction.CommitAsync(ct);
        return true;
    }, ct);

    private static async Task AddMissingColumnsAsync(SqliteConnection connection, SqliteTransaction transaction, string table,
        IReadOnlyList<(string Name, string Definition)> columns, CancellationToken ct)
    {
        var existing = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await using (var info = connection.Command("SELECT name FROM pragma_table_info($table);", transaction).With("$table", table))
        await using (var reader = await info.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
                existing.Add(reader.GetString(0));
        }
        foreach (var (name, definition) in columns.Where(c => !existing.Contains(c.Name)))
        {
            // Names come from the constants above, never from input: DDL cannot take parameters.
            await using var alter = connection.Command($"ALTER TABLE {table} ADD COLUMN {name} {definition};", transaction);
            await alter.ExecuteNonQueryAsync(ct);
        }
    }
}
