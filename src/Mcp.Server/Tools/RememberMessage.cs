using System.ComponentModel;

namespace AgentPlatform.McpServer.Tools;

/// <summary>One message for the remember tool.</summary>
public sealed record RememberMessage(
    [property: Description("Who said it: user, assistant, system or tool.")] string Role,
    [property: Description("What was said, as plain text.")] string Content,
    [property: Description("The user who said it, when it was not the session's user.")] string? UserId = null,
    [property: Description("When it was said (ISO 8601), for history imported from elsewhere; leave out for now.")] DateTimeOffset? CreatedAt = null);
