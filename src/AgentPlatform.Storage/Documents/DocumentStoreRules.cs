using AgentPlatform.Domain;

namespace AgentPlatform.Storage.Documents;

/// <summary>Behaviour both document-store backends share, so SQLite and MongoDB answer the same way.</summary>
internal static class DocumentStoreRules
{
    /// <summary>Roles are stored as lower-case names ("user", "assistant") so stored data reads naturally.</summary>
    public static string RoleName(MessageRole role) => role.ToString().ToLowerInvariant();

    public static MessageRole ParseRole(string stored) => Enum.Parse<MessageRole>(stored, ignoreCase: true);

    /// <summary>Splits user search text into plain terms: whitespace-separated tokens that hold at least one
    /// letter or digit. Each backend then quotes or strips them so no term is ever read as query syntax.</summary>
    public static IReadOnlyList<string> SearchTerms(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Where(token => token.Any(char.IsLetterOrDigit))
            .ToList();

    public static int ValidatedSearchLimit(int limit) =>
        limit is >= 1 and <= PageRequest.MaxLimit
            ? limit
            : throw new ArgumentOutOfRangeException(nameof(limit), limit, $"Limit must be between 1 and {PageRequest.MaxLimit}.");

    public static ConcurrencyConflictException StateConflict(string tenantId, string agentId, string stateType, long? expectedVersion, long? currentVersion) =>
        new($"agent state {tenantId}/{agentId}/{stateType}", expectedVersion, currentVersion);
}
