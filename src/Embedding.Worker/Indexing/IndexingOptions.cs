using System.ComponentModel.DataAnnotations;

namespace AgentPlatform.EmbeddingWorker.Indexing;

/// <summary>Worker:* configuration, validated at start: a wrong value stops the process naming the key.</summary>
public sealed class IndexingOptions
{
    public const string SectionName = "Worker";

    /// <summary>Outbox messages claimed per round. Their chunks are embedded together, sorted by length, so the more
    /// there are the less each batch pads, and each round's tail (one inference left running while the other cores
    /// wait) and projection weigh less.</summary>
    [Range(1, 10_000)]
    public int EntriesPerRound { get; set; } = 128;
    /// <summary>Most chunks a round embeds, shared equally by the tenants in the round (each tenant always gets its
    /// first entry, however long): claimed entries beyond a tenant's share are handed back at once. Bounds a round's
    /// memory and keeps it well inside <see cref="Lease"/> when entries are large (a 1 MB entry makes ~1,100 chunks).</summary>
    [Range(1, 1_000_000)]
    public int MaxChunksPerRound { get; set; } = 1024;
    /// <summary>Most tokens of one memory passage (special tokens and the speaker heading included): a message is embedded
    /// sentence by sentence, cuts preferring sentence ends, without overlap. Chosen on LoCoMo's development split
    /// (bench memory, README): whole messages (256) recalled less by meaning than passages of 24-64 tokens.</summary>
    [Range(16, 512)]
    public int MemoryChunkTokens { get; set; } = 40;
    /// <summary>Conversation messages claimed per round.</summary>
    [Range(1, 10_000)]
    public int MessagesPerRound { get; set; } = 200;
    /// <summary>How long a claim (of outbox messages or conversation messages) holds; a crashed worker's claims become due again after it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan IdlePollInterval { get; set; } = TimeSpan.FromMilliseconds(500);
    /// <summary>How often the outbox depth gauge is refreshed (a COUNT over every tenant's messages).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan QueueDepthInterval { get; set; } = TimeSpan.FromSeconds(10);
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>How often the worker looks at every tenant's embedding model: starts a move to the configured model,
    /// switches a tenant whose new collections are complete, deletes collections past their grace.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan ModelCheckInterval { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>How long the collections of a model a tenant switched away from are kept after the switch: a search
    /// process reads a tenant's model at most a second old, so a search that started before the switch still finds them.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan RetiredModelGrace { get; set; } = TimeSpan.FromHours(1);

    /// <summary>When to try again after <paramref name="attempts"/> failed attempts: exponential backoff from
    /// <see cref="RetryBaseDelay"/>, at most <see cref="RetryMaxDelay"/>; null once <see cref="MaxAttempts"/> is reached.</summary>
    public DateTimeOffset? RetryAt(int attempts, DateTimeOffset now) => attempts >= MaxAttempts
        ? null
        : now + TimeSpan.FromTicks(Math.Min(RetryMaxDelay.Ticks, RetryBaseDelay.Ticks * (1L << Math.Min(attempts - 1, 20))));
}
