using AgentPlatform.Contracts;
using AgentPlatform.Domain;
using AgentPlatform.Ports;

namespace AgentPlatform.Search;

/// <summary>How a conversation message is held in the full-text "conversations" index, shared by the worker that
/// writes it and the API that reads it:
/// Id = message id; TenantId; Content = message text; AgentId; SessionId = session id ("D" format); UserId;
/// CreatedAt; Tags = [role] ("user", "assistant", ...: filterable and countable as a keyword).
/// Title = the speaker of a user message that names one (its user id: the person's name in an imported conversation),
/// so "what did Caroline say about…" finds Caroline's turns; else empty, since the role word ("user") would match every
/// message of that role. Category is unused. Metadata is not indexed.</summary>
public static class ConversationDocuments
{
    public static FullTextDocument ToFullTextDocument(ConversationMessage message) => new()
    {
        Id = message.Id.ToString("D"),
        TenantId = message.TenantId,
        Title = message is { Role: MessageRole.User, UserId: { Length: > 0 } user } ? user : "",
        Content = message.Content,
        Tags = [RoleTag(message.Role)],
        AgentId = message.AgentId,
        SessionId = message.SessionId.ToString("D"),
        UserId = message.UserId,
        CreatedAt = message.CreatedAt,
    };

    /// <summary>The message an indexed document holds (without metadata); null when the document does not have
    /// that shape (it was not written by <see cref="ToFullTextDocument"/>).</summary>
    public static ConversationMessage? ToMessage(FullTextDocument document)
    {
        if (!Guid.TryParse(document.Id, out var id) || !Guid.TryParse(document.SessionId, out var sessionId)
            || document.AgentId is null || document.Tags.Count != 1
            || !Enum.TryParse<MessageRole>(document.Tags[0], ignoreCase: true, out var role) || RoleTag(role) != document.Tags[0])
            return null;
        return new ConversationMessage
        {
            Id = id,
            TenantId = document.TenantId,
            SessionId = sessionId,
            AgentId = document.AgentId,
            UserId = document.UserId,
            Role = role,
            Content = document.Content,
            CreatedAt = document.CreatedAt,
        };
    }

    /// <summary>Who said it, as embedded with the message: the user's id for a user message that names one (the
    /// speaker's name in an imported conversation), else the role.</summary>
    public static string Speaker(ConversationMessage message) =>
        message is { Role: MessageRole.User, UserId: { Length: > 0 } user } ? user : RoleTag(message.Role);

    /// <summary>What a message is embedded behind, as a knowledge entry behind its title: its speaker
    /// (<see cref="Speaker"/>) and a colon.</summary>
    public static string Heading(ConversationMessage message) => Speaker(message) + ":";

    /// <summary>A memory chunk's words without the heading the first chunk starts with.</summary>
    public static string WithoutHeading(int chunkIndex, string chunkText)
    {
        if (chunkIndex != 0) return chunkText;
        var end = chunkText.IndexOf(Chunking.TextChunker.TitleSeparator, StringComparison.Ordinal);
        return end < 0 ? chunkText : chunkText[(end + Chunking.TextChunker.TitleSeparator.Length)..];
    }

    /// <summary>The role as a lower-case keyword, the way the document store names it.</summary>
    public static string RoleTag(MessageRole role) => role.ToString().ToLowerInvariant();
}
