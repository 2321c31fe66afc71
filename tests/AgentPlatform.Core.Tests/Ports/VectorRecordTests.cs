using AgentPlatform.Ports;

namespace AgentPlatform.Tests.Ports;

public sealed class VectorRecordTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(int.MaxValue)]
    public void A_chunk_id_parses_back_to_its_entry_and_chunk(int chunkIndex)
    {
        var entryId = Guid.NewGuid();

        Assert.True(VectorRecord.TryParseChunkId(VectorRecord.ChunkId(entryId, chunkIndex), out var parsedEntry, out var parsedChunk));

        Assert.Equal((entryId, chunkIndex), (parsedEntry, parsedChunk));
    }

    [Theory]
    [InlineData("")]
    [InlineData("vector_models")]
    [InlineData("0f8fad5bd9cb469fa16570867728950e")]
    [InlineData("0f8fad5bd9cb469fa16570867728950e:")]
    [InlineData("0f8fad5bd9cb469fa16570867728950e:-1")]
    [InlineData("0f8fad5bd9cb469fa16570867728950e: 1")]
    [InlineData("0f8fad5b-d9cb-469f-a165-70867728950e:1")]
    [InlineData("0f8fad5bd9cb469fa16570867728950x:1")]
    [InlineData("0f8fad5bd9cb469fa16570867728950e:99999999999")]
    public void Any_other_text_is_no_chunk_id(string id)
    {
        Assert.False(VectorRecord.TryParseChunkId(id, out _, out _));
    }
}
