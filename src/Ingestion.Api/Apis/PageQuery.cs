using AgentPlatform.Domain;

namespace AgentPlatform.IngestionApi.Apis;

/// <summary>Offset paging from the query string (<c>?offset=&amp;limit=</c>).</summary>
public sealed record PageQuery(int Offset = 0, int Limit = PageRequest.DefaultLimit);
