namespace AgentPlatform.Search;

/// <summary>A turn near a strong hit, with what it is shown with if only <see cref="NeighbourBoost"/> brings it in.</summary>
public sealed record Neighbour<T>(Guid Id, T Payload);
