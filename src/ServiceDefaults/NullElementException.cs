using System.Text.Json;

namespace AgentPlatform.ServiceDefaults;

/// <summary>A null element of a request array; <see cref="Field"/> is its path below the object that holds it
/// ("tags[0]"). The serializer adds the path of that object, so the answer names the whole field ("filters.tags[0]").</summary>
public sealed class NullElementException(string field) : JsonException($"{field} must not be null.")
{
    public string Field { get; } = field;
}
