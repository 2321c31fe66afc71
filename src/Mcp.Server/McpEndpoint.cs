namespace AgentPlatform.McpServer;

/// <summary>Where the MCP server answers (streamable HTTP); test hosts name the service by this type.</summary>
public static class McpEndpoint
{
    public const string Path = "/mcp";
}
