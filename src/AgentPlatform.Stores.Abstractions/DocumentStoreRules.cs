using AgentPlatform.Contracts;
using System.Text.RegularExpressions;
using AgentPlatform.Domain;
using AgentPlatform.Ports;

namespace AgentPlatform.Storage.Documents;

/// <summary>Behaviour both document-store backends share, so SQLite and MongoDB answer the same way.</summary>
internal static partial class DocumentStoreRules
{
    /// <summary>Roles are stored as lower-case names ("user", "assistant") so stored data reads naturally.</summary>
    public static string RoleName(MessageRole role) => role.ToString().ToLowerInvariant();

    public static MessageRole ParseRole(string stored) => Enum.Parse<MessageRole>(stored, ignoreCase: true);

    /// <summary>Splits user search text into plain words: runs of letters, digits and combining marks. Everything
    /// else (quotes, hyphens, colons, brackets, '*') separates words, so no part of the text can act as query
    /// syntax, and both backends see the same terms.</summary>
    public static IReadOnlyList<string> SearchTerms(string text) =>
        Word().Matches(text).Select(match => match.Value).ToList();

    [GeneratedRegex(@"[\p{L}\p{M}\p{N}]+")]
    private static partial Regex Word();

    /// <summary>Knowledge documents carry no session or user: a filter naming either matches none of them, as in the
    /// full-text knowledge index.</summary>
    public static bool CanMatchKnowledge(SearchFilter filter) => filter.SessionId is null && filter.UserId is null;

    public static int ValidatedSearchLimit(int limit) =>
        limit is >= 1 and <= PageRequest.MaxLimit
            ? limit
            : throw new ArgumentOutOfRangeException(nameof(limit), limit, $"Limit must be between 1 and {PageRequest.MaxLimit}.");

    public static void ValidateEntriesPerGet(IReadOnlyCollection<Guid> entryIds)
    {
        ArgumentNullException.ThrowIfNull(entryIds);
        if (entryIds.Count > IKnowledgeDocumentStore.MaxEntriesPerGet)
            throw new ArgumentOutOfRangeException(nameof(entryIds), entryIds.Count, $"One read takes at most {IKnowledgeDocumentStore.MaxEntriesPerGet} entries.");
    }

    /// <summary>The most messages one claim may lease.</summary>
    public const int MaxClaim = 1000;

    public static void ValidateClaim(int max, TimeSpan lease)
    {
        if (max is < 1 or > MaxClaim)
            throw new ArgumentOutOfRangeException(nameof(max), max, $"A claim takes 1 to {MaxClaim} messages.");
        if (lease <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(lease), lease, "A lease must be longer than zero.");
    }

    /// <summary>Claimed messages in the order they were chosen: creation time, then tenant and id (as stored, "D" text).</summary>
    public static IReadOnlyList<ConversationMessage> OldestFirst(IEnumerable<ConversationMessage> messages) =>
        messages.OrderBy(m => m.CreatedAt)
            .ThenBy(m => m.TenantId, StringComparer.Ordinal)
            .ThenBy(m => m.Id.ToString("D"), StringComparer.Ordinal)
            .ToList();

    public static ConcurrencyConflictException StateConflict(string tenantId, string agentId, string stateType, long? expectedVersion, long? currentVersion) =>
        new($"agent state {tenantId}/{agentId}/{stateType}", expectedVersion, currentVersion);
}
