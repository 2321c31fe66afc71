namespace AgentPlatform.Ports;

/// <summary>The service keys of the vector indices: knowledge is the default (unkeyed) IVectorIndex; conversation
/// memory is the keyed one, a collection of its own per tenant.</summary>
public static class VectorIndexKeys
{
    public const string Memory = "memory";
}
