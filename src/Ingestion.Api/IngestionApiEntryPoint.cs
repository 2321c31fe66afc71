namespace AgentPlatform.IngestionApi;

/// <summary>Names this service's assembly to WebApplicationFactory: tests host Ingestion.Api in-process beside the
/// other services, whose top-level Program classes would otherwise be ambiguous.</summary>
public sealed class IngestionApiEntryPoint;
