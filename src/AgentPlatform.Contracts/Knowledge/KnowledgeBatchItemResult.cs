namespace AgentPlatform.Contracts;

/// <summary>One item of a batch, in request order: Outcome is created, duplicate (Id is the existing entry) or invalid (with Errors).</summary>
public sealed record KnowledgeBatchItemResult(int Index, string Outcome, Guid? Id, string? StatusUrl, IDictionary<string, string[]>? Errors);
