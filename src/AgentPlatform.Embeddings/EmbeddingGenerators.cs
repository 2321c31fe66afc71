using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Embeddings;

/// <summary>A generator per vector space: the configured model's (the registered, instrumented singleton) and, while a
/// tenant is still on another registered model (its vectors are being moved to the configured one), that model, loaded
/// on first use with the configured inference settings and unloaded once unused for <see cref="IdleRelease"/>.</summary>
public sealed class EmbeddingGenerators(
    IEmbeddingGenerator<string, Embedding<float>> configured,
    OnnxEmbeddingGenerator configuredModel,
    IOptions<OnnxEmbeddingOptions> options,
    TimeProvider clock,
    ILogger<OnnxEmbeddingGenerator> logger) : IDisposable
{
    /// <summary>Long enough that a migration's steady trickle of queries or writes keeps the model loaded; a use that
    /// started before the release finishes within it, as one embedding call takes far less.</summary>
    public static readonly TimeSpan IdleRelease = TimeSpan.FromMinutes(10);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (OnnxEmbeddingGenerator Generator, DateTimeOffset UsedAt)> _others = new(StringComparer.Ordinal);

    public string ConfiguredVectorSpace => configuredModel.Model.VectorSpace;

    /// <summary>The generator of a vector space; throws when it is no registered model (the configured model aside).</summary>
    public IEmbeddingGenerator<string, Embedding<float>> For(string vectorSpace)
    {
        if (vectorSpace == ConfiguredVectorSpace)
            return configured;
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            foreach (var idle in _others.Where(o => o.Key != vectorSpace && now - o.Value.UsedAt >= IdleRelease).ToList())
            {
                idle.Value.Generator.Dispose();
                _others.Remove(idle.Key);
            }
            if (!_others.TryGetValue(vectorSpace, out var loaded))
            {
                var model = EmbeddingModels.Registered.FirstOrDefault(m => m.VectorSpace == vectorSpace)
                    ?? throw new InvalidOperationException($"Vectors of '{vectorSpace}' need that model, which is not registered (Embeddings:Model is '{ConfiguredVectorSpace}').");
                loaded = (new OnnxEmbeddingGenerator(model, options.Value, logger), now);
            }
            _others[vectorSpace] = loaded with { UsedAt = now };
            return loaded.Generator;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var other in _others.Values)
                other.Generator.Dispose();
            _others.Clear();
        }
    }
}
