namespace AgentPlatform.Ports;

/// <summary>One embedded chunk. Id is "entryId:chunkIndex" so re-indexing an entry overwrites its chunks.</summary>
public sealed record VectorRecord
{
    public required string Id { get; init; }
    public required Guid EntryId { get; init; }
    public required int ChunkIndex { get; init; }
    public required string Text { get; init; }
    /// <summary>The entry's title, so a hit names its entry without a document lookup; null on chunks written before
    /// the index stored titles (until the entry is reindexed).</summary>
    public string? Title { get; init; }
    public required ReadOnlyMemory<float> Embedding { get; init; }
    public string? Category { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    /// <summary>The agent the chunk's entry belongs to, if any.</summary>
    public string? AgentId { get; init; }
    /// <summary>Memory chunks only: the message's session and user (a conversation message is the "entry").</summary>
    public string? SessionId { get; init; }
    public string? UserId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }

    public static string ChunkId(Guid entryId, int chunkIndex) => $"{entryId:N}:{chunkIndex}";

    /// <summary>The entry and chunk index of a <see cref="ChunkId"/>; false for any other text.</summary>
    public static bool TryParseChunkId(string id, out Guid entryId, out int chunkIndex)
    {
        int colon = id.IndexOf(':');
        chunkIndex = 0;
        entryId = Guid.Empty;
        return colon == 32 && Guid.TryParseExact(id.AsSpan(0, colon), "N", out entryId)
            && int.TryParse(id.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out chunkIndex);
    }
}
