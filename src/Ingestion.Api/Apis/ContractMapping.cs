using System.Text.Json;
using AgentPlatform.Contracts;
using AgentPlatform.Domain;

namespace AgentPlatform.IngestionApi.Apis;

/// <summary>Domain records to the wire shapes of AgentPlatform.Contracts.</summary>
public static class ContractMapping
{
    public static KnowledgeResponse ToResponse(KnowledgeEntry e) => new(e.Id, e.Title, e.Content, e.Category, e.Tags, e.Source, e.AgentId, e.Version,
        e.Status.ToString(), e.CreatedAt, e.UpdatedAt, e.IndexedAt, e.Error, KnowledgeApi.StatusPath(e.Id));

    public static KnowledgeSummary ToSummary(KnowledgeEntry e) =>
        new(e.Id, e.Title, e.Category, e.Tags, e.AgentId, e.Version, e.Status.ToString(), e.CreatedAt, e.UpdatedAt, e.IndexedAt, e.Error);

    public static AgentStateResponse ToResponse(AgentState s) =>
        new(s.AgentId, s.StateType, s.Version, s.UpdatedAt, JsonDocument.Parse(s.DataJson).RootElement.Clone());

    public static SessionResponse ToResponse(this AgentSession s) =>
        new(s.Id, s.TenantId, s.AgentId, s.UserId, s.StartedAt, s.EndedAt, s.Status, s.MetadataJson);

    public static InteractionResponse ToResponse(this AgentInteraction i) =>
        new(i.Id, i.TenantId, i.SessionId, i.AgentId, i.Type, i.Input, i.Output, i.Intent, i.ProcessingTimeMs, i.CreatedAt, i.MetadataJson, i.Success, i.ErrorMessage);

    /// <summary>NextBefore is the id of the page's last message while older ones remain.</summary>
    public static MessagePage ToMessagePage(this Page<ConversationMessage> page) =>
        new([.. page.Items.Select(MessageMapping.ToResponse)], page.Total, page.Offset, page.Limit, page.HasMore,
            page is { HasMore: true, Items: [.., var last] } ? last.Id : null);

    public static Page<TOut> Map<TIn, TOut>(this Page<TIn> page, Func<TIn, TOut> map) =>
        new([.. page.Items.Select(map)], page.Total, page.Offset, page.Limit);
}
