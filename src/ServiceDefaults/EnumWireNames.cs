using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentPlatform.ServiceDefaults;

public static class EnumWireNames
{
    /// <summary>[JsonStringEnumMemberName] when the member has one, else the camelCase member name.</summary>
    public static string Of(Type enumType, string memberName) =>
        enumType.GetField(memberName)?.GetCustomAttributes(typeof(JsonStringEnumMemberNameAttribute), false)
            is [JsonStringEnumMemberNameAttribute attribute, ..]
            ? attribute.Name
            : JsonNamingPolicy.CamelCase.ConvertName(memberName);
}
