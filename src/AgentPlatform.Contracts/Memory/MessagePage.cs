namespace AgentPlatform.Contracts;

/// <summary>A page of a session's history: the usual page fields plus NextBefore, the cursor of the next page (the id
/// of this page's last message) while older messages remain, else null.</summary>
public sealed record MessagePage(IReadOnlyList<MessageResponse> Items, long Total, int Offset, int Limit, bool HasMore, Guid? NextBefore);
