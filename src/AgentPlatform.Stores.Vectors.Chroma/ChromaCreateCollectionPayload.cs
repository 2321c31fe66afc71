using System.Text.Json.Nodes;

namespace AgentPlatform.Storage.Vectors.Chroma;

internal sealed record ChromaCreateCollectionPayload(string Name, ChromaCollectionConfiguration Configuration, bool GetOrCreate, JsonObject? Metadata = null);
