namespace AgentPlatform.Contracts;

/// <param name="Active">The model ("id/dimensions") the tenant's searches use.</param>
/// <param name="Target">The model its vectors are being re-embedded with; null when none.</param>
/// <param name="EntriesReembedded">Knowledge entries re-embedded into the target's collection so far (of <paramref name="EntriesTotal"/>).</param>
/// <param name="EntriesTotal">The tenant's entries when the move queued them.</param>
/// <param name="MessagesReembedded">Conversation messages re-embedded so far (of <paramref name="MessagesTotal"/>).</param>
/// <param name="MessagesTotal">The tenant's messages when the move queued them.</param>
/// <param name="PerSecond">Entries and messages re-embedded per second since the move started.</param>
/// <param name="EstimatedSecondsRemaining">What is left at that rate; null before anything was re-embedded.</param>
/// <param name="Retired">A model switched away from whose collections wait for the grace period before they are deleted.</param>
public sealed record EmbeddingModelStatus(string Active, string? Target, long EntriesReembedded, long EntriesTotal,
    long MessagesReembedded, long MessagesTotal, double PerSecond, double? EstimatedSecondsRemaining, string? Retired);
