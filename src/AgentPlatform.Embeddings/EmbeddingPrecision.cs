namespace AgentPlatform.Embeddings;

/// <summary>The arithmetic of the encoder's matrix products.</summary>
public enum EmbeddingPrecision
{
    /// <summary>The model as published.</summary>
    Float32,

    /// <summary>The model's weight matrices rounded to int8 when the first query needs them (<see cref="DynamicQuantization"/>); CPU only.</summary>
    Int8,
}
