using AgentPlatform.Domain;

namespace AgentPlatform.IngestionApi.Apis;

/// <summary>The query of <c>GET /v1/knowledge</c>: an optional status and owning agent, and the page.</summary>
public sealed record KnowledgeListQuery(string? Status = null, string? AgentId = null, int Offset = 0, int Limit = PageRequest.DefaultLimit);
