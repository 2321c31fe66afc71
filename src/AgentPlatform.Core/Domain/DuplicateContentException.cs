namespace AgentPlatform.Domain;

/// <summary>A write would give an entry the text another live entry of the tenant already has: the record holds one
/// entry per text (tenant + normalised content hash), so the write is refused (409).</summary>
public sealed class DuplicateContentException(Guid entryId, string contentHash)
    : Exception($"Another entry of this tenant already has this title and content (hash {contentHash}); entry {entryId} keeps its own.")
{
    public Guid EntryId { get; } = entryId;
    public string ContentHash { get; } = contentHash;
}
