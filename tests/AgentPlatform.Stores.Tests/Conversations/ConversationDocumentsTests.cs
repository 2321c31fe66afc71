using AgentPlatform.Contracts;
using AgentPlatform.Domain;
using AgentPlatform.Search;

namespace AgentPlatform.Tests.Conversations;

public sealed class ConversationDocumentsTests
{
    private static readonly ConversationMessage Message = new()
    {
        Id = Guid.NewGuid(),
        TenantId = "acme",
        SessionId = Guid.NewGuid(),
        AgentId = "support-bot",
        UserId = "user-9",
        Role = MessageRole.Assistant,
        Content = "Grüße 数据 🚀 your refund is on its way.",
        CreatedAt = new DateTimeOffset(2025, 5, 5, 9, 0, 0, TimeSpan.FromHours(2)),
        MetadataJson = """{"channel":"web"}""",
    };

    [Fact]
    public void A_message_is_indexed_with_its_role_as_tag_and_no_title_and_reads_back_without_metadata()
    {
        var document = ConversationDocuments.ToFullTextDocument(Message);

        Assert.Equal(
            (Message.Id.ToString("D"), "acme", "", Message.Content, "support-bot", Message.SessionId.ToString("D"), "user-9", Message.CreatedAt),
            (document.Id, document.TenantId, document.Title, document.Content, document.AgentId, document.SessionId, document.UserId, document.CreatedAt));
        Assert.Equal(["assistant"], document.Tags);
        Assert.Null(document.Category);
        Assert.Equal(Message with { MetadataJson = null }, ConversationDocuments.ToMessage(document));
    }

    [Fact]
    public void Documents_not_shaped_like_a_message_are_not_read_as_one()
    {
        var document = ConversationDocuments.ToFullTextDocument(Message);

        Assert.Null(ConversationDocuments.ToMessage(document with { Id = "knowledge-entry" }));
        Assert.Null(ConversationDocuments.ToMessage(document with { SessionId = null }));
        Assert.Null(ConversationDocuments.ToMessage(document with { AgentId = null }));
        Assert.Null(ConversationDocuments.ToMessage(document with { Tags = [] }));
        Assert.Null(ConversationDocuments.ToMessage(document with { Tags = ["Assistant"] }));
        Assert.Null(ConversationDocuments.ToMessage(document with { Tags = ["1"] }));
        Assert.Null(ConversationDocuments.ToMessage(document with { Tags = ["assistant", "user"] }));
    }
}
