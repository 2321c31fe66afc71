using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AgentPlatform.ServiceDefaults;

public static class EnumSchemas
{
    /// <summary>The OpenAPI schema generator cannot see through a custom converter: describe enums as their names.</summary>
    public static OpenApiOptions DescribeEnumsAsNames(this OpenApiOptions options) => options.AddSchemaTransformer((schema, context, _) =>
    {
        var underlying = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type);
        var type = underlying ?? context.JsonTypeInfo.Type;
        if (type.IsEnum)
        {
            schema.Type = underlying is null ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
            schema.Enum = Enum.GetNames(type).Select(n => (JsonNode)JsonValue.Create(EnumWireNames.Of(type, n))).ToList();
        }
        return Task.CompletedTask;
    });
}
