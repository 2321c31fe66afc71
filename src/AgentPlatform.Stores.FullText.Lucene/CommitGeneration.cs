using System.Buffers.Binary;

namespace AgentPlatform.Storage.FullText.Lucene;

/// <summary>The latest commit generation of an index directory as its segments.gen file names it: Lucene 4.8 writes
/// the format (-3) and the generation twice, big-endian, then a checksum footer.</summary>
internal static class CommitGeneration
{
    public const string FileName = "segments.gen";
    private const int Format = -3;
    private const int Length = sizeof(int) + 2 * sizeof(long);

    /// <summary>Null when the file is missing, unreadable, shorter or of another format, or its two copies of the
    /// generation differ (a write under way).</summary>
    public static long? Latest(string directory)
    {
        Span<byte> bytes = stackalloc byte[Length];
        try
        {
            using var handle = File.OpenHandle(Path.Combine(directory, FileName));
            if (RandomAccess.Read(handle, bytes, 0) < Length)
                return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        if (BinaryPrimitives.ReadInt32BigEndian(bytes) != Format)
            return null;
        var generation = BinaryPrimitives.ReadInt64BigEndian(bytes[sizeof(int)..]);
        return generation == BinaryPrimitives.ReadInt64BigEndian(bytes[(sizeof(int) + sizeof(long))..]) ? generation : null;
    }
}
