using AgentPlatform.Client;
using AgentPlatform.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// A small agent on AgentPlatform.Client: the AppHost's reference "agentplatform" gives it the service URLs and its
// API key (ConnectionStrings:agentplatform); everything below is what an agent does with its memory.
var builder = Host.CreateApplicationBuilder(args);
builder.ConfigureOpenTelemetry();
// Each HTTP call and retry attempt is in the dashboard's traces; the console keeps to what the agent does.
builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning).AddFilter("Polly", LogLevel.Warning);
builder.AddAgentPlatformClient("agentplatform");
using var host = builder.Build();
await host.StartAsync();
var platform = host.Services.GetRequiredService<AgentPlatformClient>();
using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
var ct = timeout.Token;
const string agent = "sample-agent";

foreach (var service in await platform.CheckHealthAsync(ct))
    Console.WriteLine($"health      {service.Service}: {service.Status}");

var session = await platform.Sessions.StartAsync(new CreateSessionRequest(agent, "ada"), ct);
Console.WriteLine($"session     {session.Id} started for {session.AgentId} with {session.UserId}");

var conversation = await platform.Conversations.AppendBatchAsync(session.Id,
[
    new MessageRequest(MessageRole.User, "Every morning I start the day with a flat white from the corner café."),
    new MessageRequest(MessageRole.Assistant, "Noted: a flat white each morning."),
    new MessageRequest(MessageRole.User, "Book my train to Lyon for next Thursday, window seat please."),
    new MessageRequest(MessageRole.Assistant, "Your window seat to Lyon on Thursday is booked."),
], ct);
Console.WriteLine($"remembered  {conversation.Count} messages");
await platform.Sessions.LogInteractionsAsync(session.Id,
[
    new InteractionRequest(InteractionType.Query, "Book my train to Lyon", Intent: "travel", ProcessingTimeMs: 120),
    new InteractionRequest(InteractionType.ToolCall, "rail.book(Lyon, Thursday, window)", "confirmed", "travel", 480),
    new InteractionRequest(InteractionType.Response, "Your window seat to Lyon on Thursday is booked.", Intent: "travel", ProcessingTimeMs: 35),
], ct);

var added = await platform.Knowledge.AddAsync(new KnowledgeInput("Travel policy",
    "Train journeys under four hours are booked in standard class; flights need a manager's approval.", "policy", ["travel"], AgentId: agent), ct);
var indexed = await platform.Knowledge.WaitUntilIndexedAsync(added.Entry.Id, TimeSpan.FromMilliseconds(250), ct);
Console.WriteLine($"knowledge   '{indexed.Title}' {(added.Created ? "added" : "already there")}, {indexed.Status}");

// Messages become searchable once the worker indexed them, normally within a second.
await Task.Delay(TimeSpan.FromSeconds(2), ct);
var recalled = await platform.Memory.SearchAsync(new MemorySearchRequest("what does Ada drink every morning?",
    Filters: new MemoryFilters(AgentId: agent), Scope: MemoryScope.All, Limit: 3), ct);
foreach (var hit in recalled.Hits)
    Console.WriteLine($"recall      {hit.Kind,-9} {hit.Score:0.000}  {hit.Title ?? hit.Role?.ToString()}: {hit.Text.ReplaceLineEndings(" ")}");
foreach (var warning in recalled.Warnings)
    Console.WriteLine($"recall      warning: {warning}");
var policy = await platform.Search.SearchAsync(new SearchRequest("may I fly or take the rail", SearchMode.Semantic, 1, new SearchFilters(AgentId: agent)), ct);
Console.WriteLine($"search      {policy.Hits.FirstOrDefault()?.Title ?? "(nothing yet)"}");

// Agent state with optimistic concurrency: read, write with the version read; a stale write is refused.
AgentStateResponse state;
try
{
    state = await platform.AgentState.GetAsync(agent, "preferences", ct);
}
catch (AgentPlatformNotFoundException)
{
    state = await platform.AgentState.PutAsync(agent, "preferences", new { coffee = "flat white" }, ct: ct);
}
var updated = await platform.AgentState.PutAsync(agent, "preferences", new { coffee = "flat white", seat = "window" }, state.Version, ct);
Console.WriteLine($"state       preferences v{state.Version} -> v{updated.Version}");
try
{
    await platform.AgentState.PutAsync(agent, "preferences", new { coffee = "espresso" }, state.Version, ct);
}
catch (AgentPlatformConflictException stale)
{
    Console.WriteLine($"state       stale write refused: {(int)stale.StatusCode} {stale.Title}");
}

await platform.Sessions.EndAsync(session.Id, SessionStatus.Completed, ct);
var report = await platform.Analytics.ForAgentAsync(agent, ct: ct);
Console.WriteLine($"analytics   {report.Sessions.Total} sessions, {report.Interactions.Total} interactions, p50 {report.ProcessingTime.P50Ms} ms, " +
                  $"top intent {report.TopIntents.FirstOrDefault()?.Name ?? "-"}, {report.Messages} messages, {report.Knowledge.Added} knowledge added");
await host.StopAsync(ct);
