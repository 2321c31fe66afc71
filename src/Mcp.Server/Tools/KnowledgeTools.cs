using AgentPlatform.Validation;
using System.ComponentModel;
using AgentPlatform.Client;
using AgentPlatform.Contracts;
using AgentPlatform.Knowledge;
using ModelContextProtocol.Server;

namespace AgentPlatform.McpServer.Tools;

[McpServerToolType]
public sealed class KnowledgeTools(AgentPlatformClient platform)
{
    [McpServerTool(Name = "add_knowledge", Title = "Add knowledge", ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Adds a document to the knowledge base: stored at once, searchable (search_knowledge, recall with scope " +
                 "'knowledge') once indexed, normally within seconds (get_knowledge shows its status). Sending the same title " +
                 "and content again returns the existing entry (created: false) instead of a copy.")]
    public Task<KnowledgeAddResult> AddKnowledgeAsync(
        [Description("A short title (up to 512 characters); it is searched too.")] string title,
        [Description("The text (up to 1 MiB).")] string content,
        [Description("A category to filter on later, e.g. 'docs'.")] string? category = null,
        [Description("Labels to filter on later (up to 32, each up to 64 characters; lower-cased).")] string[]? tags = null,
        [Description("Where the text came from (a URL or a name).")] string? source = null,
        [Description("The agent this knowledge belongs to; searches can be narrowed to it.")] string? agentId = null,
        CancellationToken cancellationToken = default)
    {
        var input = new KnowledgeInput(title, content, category, tags, source, agentId);
        var errors = KnowledgeRules.Validate(input);
        if (errors.Count > 0) throw ToolErrors.Refused(errors);
        return ToolCall.RunAsync(() => platform.Knowledge.AddAsync(input, cancellationToken));
    }

    [McpServerTool(Name = "search_knowledge", Title = "Search knowledge", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Searches the knowledge base, best first, with each hit's best passage and highlighted words. hybrid (default) " +
                 "combines meaning and words; semantic finds paraphrases; fulltext finds exact terms and names.")]
    public Task<SearchResponse> SearchKnowledgeAsync(
        [Description("What to look for, in natural language or keywords.")] string query,
        [Description("hybrid (default), semantic or fulltext.")] string? mode = null,
        [Description("How many hits, 1 to 100 (default 10).")] int limit = SearchRequest.DefaultLimit,
        [Description("Only entries of this category.")] string? category = null,
        [Description("Only entries carrying all of these tags.")] string[]? tags = null,
        [Description("Only entries that belong to this agent.")] string? agentId = null,
        CancellationToken cancellationToken = default)
    {
        var args = new RequestErrors();
        args.Query("query", query, SearchRequest.MaxQueryLength);
        var parsedMode = args.Enum<SearchMode>("mode", mode) ?? SearchMode.Hybrid;
        args.Range("limit", limit, 1, SearchRequest.MaxLimit);
        args.Id("agentId", agentId, required: false);
        // The filters obey the same limits as an entry's own fields.
        args.AddRange(KnowledgeRules.Validate(new KnowledgeInput("-", "-", category, tags)));
        args.ThrowIfInvalid();
        return ToolCall.RunAsync(() => platform.Search.SearchAsync(
            new SearchRequest(query, parsedMode, limit, new SearchFilters(category, tags, AgentId: agentId)), cancellationToken));
    }

    [McpServerTool(Name = "get_knowledge", Title = "Get a knowledge entry", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Reads one knowledge entry with its full content, version and indexing status (Pending, Indexed, Failed with the error, Deleting).")]
    public Task<KnowledgeResponse> GetKnowledgeAsync(
        [Description("The entry's id, from add_knowledge or a search hit.")] string id,
        CancellationToken cancellationToken = default)
    {
        var args = new RequestErrors();
        var entry = args.Guid("id", id, required: true);
        args.ThrowIfInvalid();
        return ToolCall.RunAsync(() => platform.Knowledge.GetAsync(entry!.Value, cancellationToken));
    }

    [McpServerTool(Name = "delete_knowledge", Title = "Delete a knowledge entry", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Deletes a knowledge entry for good: it is removed from search and from the record. Cannot be undone.")]
    public Task<DeletedKnowledge> DeleteKnowledgeAsync(
        [Description("The entry's id.")] string id,
        CancellationToken cancellationToken = default)
    {
        var args = new RequestErrors();
        var entry = args.Guid("id", id, required: true);
        args.ThrowIfInvalid();
        return ToolCall.RunAsync(async () =>
        {
            await platform.Knowledge.DeleteAsync(entry!.Value, cancellationToken);
            return new DeletedKnowledge(entry.Value, true);
        });
    }
}
