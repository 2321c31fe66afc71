namespace AgentPlatform.Domain;

/// <summary>What an outbox message asks of the worker. Upsert writes every projection of the entry at its version;
/// the Reindex operations rewrite just one (a reindex with a target), so a full-text rebuild embeds nothing.</summary>
public enum OutboxOperation { Upsert, Delete, ReindexVectors, ReindexFullText }
