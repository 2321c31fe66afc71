namespace AgentPlatform.Storage.Vectors.Chroma;

internal sealed record ChromaErrorResponse(string? Error, string? Message);
