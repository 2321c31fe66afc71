using AgentPlatform.Chunking;
using AgentPlatform.Domain;
using AgentPlatform.Embeddings;

namespace AgentPlatform.Tests.Embeddings;

public sealed class TextChunkerTests
{
    private static readonly int ModelLimit = EmbeddingModels.MiniLm.MaxTokens;
    private const int DefaultOverlap = 32;
    private const string Title = "Knowledge base notes";

    private static readonly WordPieceTokenizer Tokenizer = ModelTokenizer.Instance;
    private readonly TextChunker _chunker = new(Tokenizer);

    [Fact]
    public void Chunks_fit_the_model_and_cover_the_whole_text_in_order()
    {
        string content = SampleText.Document(seed: 1, minLength: 30_000);

        IReadOnlyList<KnowledgeChunk> chunks = _chunker.Chunk(Title, content);

        Assert.True(chunks.Count > 10);
        AssertValidChunking(TextChunker.ComposeSource(Title, content), chunks, ModelLimit);
    }

    [Fact]
    public void Consecutive_chunks_overlap_by_at_most_the_configured_tokens()
    {
        string content = SampleText.Document(seed: 2, minLength: 20_000);
        string source = TextChunker.ComposeSource(Title, content);

        IReadOnlyList<KnowledgeChunk> chunks = _chunker.Chunk(Title, content);

        Assert.True(chunks.Count > 5);
        foreach (var (previous, next) in chunks.Zip(chunks.Skip(1)))
        {
            int previousEnd = previous.StartOffset + previous.Text.Length;
            Assert.True(next.StartOffset < previousEnd, $"chunk {next.Index} does not overlap chunk {previous.Index}");
            int overlapTokens = Tokenizer.CountTokens(source[next.StartOffset..previousEnd]) - Tokenizer.SpecialTokenCount;
            Assert.InRange(overlapTokens, 1, DefaultOverlap);
        }
    }

    [Fact]
    public void Cuts_fall_on_paragraph_ends_when_paragraphs_are_shorter_than_a_chunk()
    {
        var random = new Random(3);
        string content = string.Join("\n\n", Enumerable.Range(0, 30).Select(_ => SampleText.Paragraph(random, 5, 8, 12)));
        string source = TextChunker.ComposeSource(Title, content);

        IReadOnlyList<KnowledgeChunk> chunks = _chunker.Chunk(Title, content);

        Assert.True(chunks.Count > 5);
        foreach (KnowledgeChunk chunk in chunks.SkipLast(1))
            Assert.StartsWith("\n\n", source[(chunk.StartOffset + chunk.Text.Length)..]);
    }

    [Fact]
    public void Without_paragraphs_chunks_end_and_start_on_sentence_boundaries()
    {
        string content = SampleText.Paragraph(new Random(4), sentences: 300, minWords: 6, maxWords: 12, Vocabulary.PlainWords);

        IReadOnlyList<KnowledgeChunk> chunks = _chunker.Chunk(Title, content);

        Assert.True(chunks.Count > 5);
        Assert.All(chunks.SkipLast(1), chunk => Assert.Contains(chunk.Text[^1], ".?"));
        Assert.All(chunks.Skip(1), chunk => Assert.True(char.IsUpper(chunk.Text[0]), $"chunk {chunk.Index} starts mid-sentence: {chunk.Text[..20]}"));
    }

    [Fact]
    public void Unicode_text_is_chunked_within_the_limit()
    {
        string content = SampleText.Document(seed: 5, minLength: 40_000, vocabulary: Vocabulary.Multilingual);
        string title = "Überblick: 多言語 notes 😀";

        IReadOnlyList<KnowledgeChunk> chunks = _chunker.Chunk(title, content);

        Assert.True(chunks.Count > 10);
        AssertValidChunking(TextChunker.ComposeSource(title, content), chunks, ModelLimit);
    }

    [Fact]
    public void Text_without_spaces_is_cut_between_characters()
    {
        string content = string.Concat(Enumerable.Repeat("中文句子没有空格。", 200)) + string.Concat(Enumerable.Repeat("a.b,c;", 300));

        IReadOnlyList<KnowledgeChunk> chunks = _chunker.Chunk(Title, content);

        AssertValidChunking(TextChunker.ComposeSource(Title, content), chunks, ModelLimit);
    }

    [Fact]
    public void One_megabyte_of_text_is_chunked()
    {
        string content = SampleText.Document(seed: 6, minLength: 1 << 20);

        IReadOnlyList<KnowledgeChunk> chunks = _chunker.Chunk(Title, content);

        Assert.True(chunks.Count > 1000);
        AssertValidChunking(TextChunker.ComposeSource(Title, content), chunks, ModelLimit);
    }

    [Fact]
    public void A_smaller_configured_limit_is_respected()
    {
        var chunker = new TextChunker(Tokenizer, new ChunkingOptions { MaxTokens = 64, OverlapTokens = 8 });
        string content = SampleText.Document(seed: 7, minLength: 10_000);

        IReadOnlyList<KnowledgeChunk> chunks = chunker.Chunk(Title, content);

        AssertValidChunking(TextChunker.ComposeSource(Title, content), chunks, maxTokens: 64);
    }

    [Fact]
    public void A_limit_above_the_model_input_is_capped_at_the_model_input()
    {
        var chunker = new TextChunker(Tokenizer, new ChunkingOptions { MaxTokens = 4096 });
        string content = SampleText.Document(seed: 8, minLength: 10_000);

        IReadOnlyList<KnowledgeChunk> chunks = chunker.Chunk(Title, content);

        AssertValidChunking(TextChunker.ComposeSource(Title, content), chunks, ModelLimit);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n\t \r\n ")]
    public void Blank_content_gives_a_single_chunk_of_the_title(string content)
    {
        IReadOnlyList<KnowledgeChunk> chunks = _chunker.Chunk("  Quarterly report  ", content);

        KnowledgeChunk chunk = Assert.Single(chunks);
        Assert.Equal(new KnowledgeChunk(0, "Quarterly report", 2, Tokenizer.CountTokens("Quarterly report")), chunk);
    }

    [Fact]
    public void A_short_entry_is_one_chunk_of_title_and_content()
    {
        KnowledgeChunk chunk = Assert.Single(_chunker.Chunk("Refund policy", "Refunds are issued within 14 days."));

        Assert.Equal("Refund policy\n\nRefunds are issued within 14 days.", chunk.Text);
        Assert.Equal(0, chunk.StartOffset);
        Assert.Equal(Tokenizer.CountTokens(chunk.Text), chunk.TokenCount);
    }

    [Fact]
    public void An_entry_without_text_gives_no_chunks()
    {
        Assert.Empty(_chunker.Chunk(" ", "\n"));
    }

    [Fact]
    public void Later_chunks_are_embedded_behind_the_title_and_still_fit_the_model()
    {
        string content = SampleText.Document(seed: 9, minLength: 20_000);

        IReadOnlyList<KnowledgeChunk> chunks = _chunker.Chunk(Title, content);

        IReadOnlyList<string> embeddedTexts = _chunker.EmbeddedTexts(Title, content, chunks);

        Assert.True(chunks.Count > 5);
        Assert.Equal(chunks.Count, embeddedTexts.Count);
        Assert.Equal(chunks[0].Text, embeddedTexts[0]);
        Assert.StartsWith(Title + TextChunker.TitleSeparator, chunks[0].Text);
        foreach (KnowledgeChunk chunk in chunks.Skip(1))
        {
            string embedded = embeddedTexts[chunk.Index];
            Assert.Equal(Title + TextChunker.TitleSeparator + chunk.Text, embedded);
            Assert.True(Tokenizer.CountTokens(embedded) <= ModelLimit, $"chunk {chunk.Index} embeds {Tokenizer.CountTokens(embedded)} tokens");
        }
        AssertValidChunking(TextChunker.ComposeSource(Title, content), chunks, ModelLimit);
    }

    [Fact]
    public void A_long_title_is_repeated_as_its_first_whole_words_within_a_quarter_of_a_chunk()
    {
        var chunker = new TextChunker(Tokenizer, new ChunkingOptions { MaxTokens = 64, OverlapTokens = 8 });
        string title = SampleText.Paragraph(new Random(10), sentences: 4, minWords: 10, maxWords: 12, Vocabulary.PlainWords);
        string content = SampleText.Document(seed: 11, minLength: 5_000);

        IReadOnlyList<KnowledgeChunk> chunks = chunker.Chunk(title, content);
        IReadOnlyList<string> embeddedTexts = chunker.EmbeddedTexts(title, content, chunks);

        Assert.True(chunks.Count > 5);
        foreach (KnowledgeChunk chunk in chunks.Skip(1))
        {
            string embedded = embeddedTexts[chunk.Index];
            string heading = embedded[..^(TextChunker.TitleSeparator.Length + chunk.Text.Length)];
            Assert.StartsWith(heading, title);
            Assert.True(char.IsWhiteSpace(title[heading.Length]) || char.IsPunctuation(title[heading.Length]), $"the heading ends mid-word: {heading}");
            Assert.InRange(Tokenizer.CountTokens(heading) - Tokenizer.SpecialTokenCount, 1, (64 - Tokenizer.SpecialTokenCount) / 4);
            Assert.True(Tokenizer.CountTokens(embedded) <= 64, $"chunk {chunk.Index} embeds {Tokenizer.CountTokens(embedded)} tokens");
        }
    }

    [Fact]
    public void Without_a_title_every_chunk_is_embedded_as_it_is()
    {
        string content = SampleText.Document(seed: 12, minLength: 10_000);

        IReadOnlyList<KnowledgeChunk> chunks = _chunker.Chunk("", content);

        Assert.True(chunks.Count > 2);
        Assert.Equal(chunks.Select(c => c.Text), _chunker.EmbeddedTexts("", content, chunks));
    }

    [Theory]
    [InlineData(256, 200)]
    [InlineData(256, -1)]
    [InlineData(2, 0)]
    public void Impossible_sizes_are_refused(int maxTokens, int overlapTokens)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new TextChunker(Tokenizer, new ChunkingOptions { MaxTokens = maxTokens, OverlapTokens = overlapTokens }));
    }

    /// <summary>
    /// Every chunk is the source text at its offset, fits <paramref name="maxTokens"/> as counted by the model's tokenizer
    /// (special tokens included) and reports that count; chunks are in order and leave out nothing but whitespace.
    /// </summary>
    private static void AssertValidChunking(string source, IReadOnlyList<KnowledgeChunk> chunks, int maxTokens)
    {
        Assert.NotEmpty(chunks);
        int covered = 0;
        for (int i = 0; i < chunks.Count; i++)
        {
            KnowledgeChunk chunk = chunks[i];
            Assert.Equal(i, chunk.Index);
            Assert.Equal(chunk.Text, source.Substring(chunk.StartOffset, chunk.Text.Length));
            int tokens = Tokenizer.CountTokens(chunk.Text);
            Assert.Equal(tokens, chunk.TokenCount);
            Assert.True(tokens <= maxTokens, $"chunk {i} has {tokens} tokens");
            if (i > 0)
                Assert.True(chunk.StartOffset > chunks[i - 1].StartOffset, $"chunk {i} does not start after chunk {i - 1}");
            Assert.True(string.IsNullOrWhiteSpace(source[covered..Math.Max(covered, chunk.StartOffset)]), $"text before chunk {i} is not covered");
            covered = Math.Max(covered, chunk.StartOffset + chunk.Text.Length);
        }
        Assert.True(string.IsNullOrWhiteSpace(source[covered..]), "text after the last chunk is not covered");
    }
}
