namespace AgentPlatform.Tests.Embeddings;

/// <summary>A fresh directory under the system temp folder, deleted with its contents on dispose.</summary>
public sealed class TemporaryDirectory : IDisposable
{
    private TemporaryDirectory(string path) => Path = path;

    public string Path { get; }

    public static TemporaryDirectory Create(string prefix) => new(Directory.CreateTempSubdirectory(prefix).FullName);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
