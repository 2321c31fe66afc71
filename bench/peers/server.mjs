// Bench-only peer for `bench peers`: LanceDB 0.31 (in-process, embedded) behind a minimal HTTP server, so the bench
// measures it the way it measures Search.Api: one HTTP request per search, the query's vector computed by the caller.
//   POST /rows    {"rows":[{"id","doc","text","vector":[...]}]}  appends chunk rows (the table is created by the first call)
//   POST /index   builds the full-text index on "text" (Index.fts(), its defaults)
//   POST /search  {"mode":"fulltext"|"semantic"|"hybrid","query","vector","limit"}  -> {"hits":[{"doc","score"}],"tookMs"}
// Usage: node server.mjs <data dir> <port>
import http from "node:http";
import { performance } from "node:perf_hooks";
import * as lancedb from "@lancedb/lancedb";
import { Index, rerankers } from "@lancedb/lancedb";

const [dataDirectory, port] = process.argv.slice(2);
if (!dataDirectory || !port) {
  console.error("Usage: node server.mjs <data dir> <port>");
  process.exit(2);
}
const db = await lancedb.connect(dataDirectory);
const reranker = await rerankers.RRFReranker.create();
let table = null;

async function search({ mode, query, vector, limit }) {
  const rows = mode === "fulltext" ? table.query().fullTextSearch(query)
    : mode === "semantic" ? table.query().nearestTo(vector).distanceType("cosine")
    : mode === "hybrid" ? table.query().fullTextSearch(query).nearestTo(vector).distanceType("cosine").rerank(reranker)
    : null;
  if (rows === null) throw new Error(`unknown mode '${mode}'`);
  const score = { fulltext: "_score", semantic: "_distance", hybrid: "_relevance_score" }[mode];
  const found = await rows.select(mode === "hybrid" ? ["doc"] : ["doc", score]).limit(limit).toArray();
  return found.map(r => ({ doc: r.doc, score: mode === "semantic" ? 1 - r[score] : r[score] }));
}

async function handle(path, body) {
  if (path === "/rows") {
    const rows = body.rows.map(r => ({ id: r.id, doc: r.doc, text: r.text, vector: r.vector }));
    if (table === null) table = await db.createTable("chunks", rows, { mode: "overwrite" });
    else await table.add(rows);
    return { rows: await table.countRows() };
  }
  if (path === "/index") {
    await table.createIndex("text", { config: Index.fts() });
    return { rows: await table.countRows() };
  }
  if (path === "/search") {
    const started = performance.now();
    const hits = await search(body);
    return { hits, tookMs: performance.now() - started };
  }
  return null;
}

http.createServer((request, response) => {
  const chunks = [];
  request.on("data", c => chunks.push(c));
  request.on("end", async () => {
    try {
      const answer = request.method === "GET" && request.url === "/health" ? { ok: true }
        : await handle(request.url, chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : {});
      response.writeHead(answer === null ? 404 : 200, { "content-type": "application/json" });
      response.end(JSON.stringify(answer ?? { error: `no route ${request.url}` }));
    } catch (e) {
      response.writeHead(500, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: String(e?.message ?? e) }));
    }
  });
}).listen(Number(port), "127.0.0.1", () => console.log(`lancedb peer listening on 127.0.0.1:${port}`));
