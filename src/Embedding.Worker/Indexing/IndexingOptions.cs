namespace AgentPlatform.EmbeddingWorker.Indexing;

/// <summary>Worker:* configuration.</summary>
public sealed class IndexingOptions
{
    /// <summary>Outbox messages claimed per round. Their chunks are embedded together, sorted by length, so the more
    /// there are the less each batch pads, and each round's tail (one inference left running while the other cores
    /// wait) and projection weigh less: bench ingest --limit 600 (2 cores) 16.8 chunks/s at 128 vs 14.7 at 32.</summary>
    public int EntriesPerRound { get; set; } = 128;
    /// <summary>Most chunks a round embeds (a round always takes its first entry, however long): claimed entries
    /// beyond it are handed back at once. Bounds a round's memory and keeps it well inside <see cref="Lease"/> when
    /// entries are large (a 1 MB entry makes ~1,100 chunks, ~55 s of embedding on 2 cores).</summary>
    public int MaxChunksPerRound { get; set; } = 1024;
    /// <summary>Conversation messages claimed per round, indexed as one full-text batch (no embedding: they are cheap).</summary>
    public int MessagesPerRound { get; set; } = 200;
    /// <summary>How long a claim (of outbox messages or conversation messages) holds; a crashed worker's claims become due again after it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);
    public TimeSpan IdlePollInterval { get; set; } = TimeSpan.FromMilliseconds(500);
    public int MaxAttempts { get; set; } = 5;
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);
}
