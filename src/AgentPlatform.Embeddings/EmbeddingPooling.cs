namespace AgentPlatform.Embeddings;

/// <summary>How a model's token states become one sentence vector.</summary>
public enum EmbeddingPooling
{
    /// <summary>The mean of the token states under the attention mask (sentence-transformers' default).</summary>
    Mean,
    /// <summary>The state of the first token, [CLS] (BERT-style retrieval models such as arctic-embed).</summary>
    Cls,
}
