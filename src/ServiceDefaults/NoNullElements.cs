using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace AgentPlatform.ServiceDefaults;

/// <summary>Refuses a JSON null inside any array of a request body (tags, batch items, ids): no handler expects one,
/// and an element read as null would otherwise surface as a 500 far from the input. Applied as a contract modifier to
/// every AgentPlatform request type, so a new array field is covered without code of its own.</summary>
public static class NoNullElements
{
    public static void Modify(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object || typeInfo.Type.Namespace?.StartsWith("AgentPlatform", StringComparison.Ordinal) != true)
            return;
        var arrays = typeInfo.Properties.Where(p => p.Get is not null && IsArrayOfNullable(p.PropertyType)).ToList();
        if (arrays.Count == 0)
            return;
        var previous = typeInfo.OnDeserialized;
        typeInfo.OnDeserialized = value =>
        {
            foreach (var property in arrays)
            {
                if (property.Get!(value) is not IEnumerable items)
                    continue;
                var index = 0;
                foreach (var item in items)
                {
                    if (item is null)
                        throw new NullElementException($"{property.Name}[{index}]");
                    index++;
                }
            }
            previous?.Invoke(value);
        };
    }

    /// <summary>A collection (not a string or a JSON value) whose elements could hold null.</summary>
    private static bool IsArrayOfNullable(Type type)
    {
        if (type == typeof(string) || type == typeof(JsonElement) || !typeof(IEnumerable).IsAssignableFrom(type))
            return false;
        var element = type.IsArray
            ? type.GetElementType()
            : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
        return element is not null && (!element.IsValueType || Nullable.GetUnderlyingType(element) is not null);
    }
}
