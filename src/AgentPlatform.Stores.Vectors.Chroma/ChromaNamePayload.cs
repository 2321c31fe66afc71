namespace AgentPlatform.Storage.Vectors.Chroma;

internal sealed record ChromaNamePayload(string Name);
