
namespace AgentPlatform.Chunking;

/// <summary>Chunk sizes, in model tokens.</summary>
public sealed class ChunkingOptions
{
    /// <summary>
    /// Most tokens per chunk, special tokens included. Capped at the tokenizer's
    /// <see cref="ITextTokenizer.MaxInputTokens"/> so that the model never truncates a chunk.
    /// </summary>
    public int MaxTokens { get; set; } = 256;

    /// <summary>Tokens a chunk repeats from the end of the previous one, so a passage that straddles a cut is still found whole.</summary>
    public int OverlapTokens { get; set; } = 32;
}
