namespace AgentPlatform.Chunking;

/// <summary>
/// The embedding model's tokenizer, as far as chunking needs it. Core depends on this port instead of a
/// tokenizer package; the ONNX embedding generator implements it with the model's own vocabulary.
/// </summary>
public interface ITextTokenizer
{
    /// <summary>The most tokens the model reads from one input, special tokens included; the rest is truncated.</summary>
    int MaxInputTokens { get; }

    /// <summary>Tokens the model adds to every input (for BERT: [CLS] and [SEP]).</summary>
    int SpecialTokenCount { get; }

    /// <summary>Tokens the model would see for the text before truncation, special tokens included.</summary>
    int CountTokens(string text);

    /// <summary>The text's tokens in order, without special tokens, with their positions in <paramref name="text"/>.</summary>
    IReadOnlyList<TokenSpan> Tokenize(string text);
}
