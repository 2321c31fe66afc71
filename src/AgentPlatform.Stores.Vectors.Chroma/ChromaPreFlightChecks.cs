namespace AgentPlatform.Storage.Vectors.Chroma;

public sealed record ChromaPreFlightChecks
{
    /// <summary>The most records one add/upsert/delete request may carry.</summary>
    public required int MaxBatchSize { get; init; }
}
