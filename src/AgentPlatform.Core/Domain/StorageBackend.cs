namespace AgentPlatform.Domain;

/// <summary>Which family of adapters a process uses; the AppHost decides and passes it as AgentPlatform:Backend.</summary>
public enum StorageBackend { Local, Containers }
