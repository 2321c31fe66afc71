namespace AgentPlatform.Contracts;

/// <param name="Pending">Entries waiting for (re-)indexing.</param>
/// <param name="Indexed">Entries present in every projection at their current version.</param>
/// <param name="Failed">Entries whose indexing failed after every attempt (see the entry's error).</param>
/// <param name="Deleting">Entries being removed from the projections.</param>
/// <param name="Total">All entries of the tenant.</param>
/// <param name="IndexedLastMinute">Entries that became Indexed in the last minute.</param>
/// <param name="EntriesPerSecond">The current indexing rate: <paramref name="IndexedLastMinute"/> / 60.</param>
/// <param name="EstimatedSecondsRemaining">Pending entries at the current rate; null while nothing is being indexed.</param>
/// <param name="Messages">The tenant's conversation messages by indexing state.</param>
/// <param name="EmbeddingModel">The tenant's embedding model and the move to another one; null for a tenant without vectors.</param>
public sealed record IngestionStatus(long Pending, long Indexed, long Failed, long Deleting, long Total,
    long IndexedLastMinute, double EntriesPerSecond, double? EstimatedSecondsRemaining, MessageIngestionStatus Messages,
    EmbeddingModelStatus? EmbeddingModel = null);
