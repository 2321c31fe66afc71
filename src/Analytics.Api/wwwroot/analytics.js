// The analytics page: asks the analytics API with the API key typed in (kept in sessionStorage, so it leaves with
// the tab) and draws its figures as inline SVG. Every value reaches the page through textContent or an attribute,
// never as markup, because agent ids and intents are caller-supplied text.
"use strict";

const KEY_STORAGE = "agentplatform.apiKey";
const SVG = "http://www.w3.org/2000/svg";
const COLORS = { sessions: "var(--sessions)", interactions: "var(--interactions)", messages: "var(--messages)" };

const $ = (id) => document.getElementById(id);

function setStatus(text, isError = false) {
  const status = $("status");
  status.textContent = text;
  status.classList.toggle("error", isError);
}

async function fetchReport(path) {
  const response = await fetch(path, { headers: { "X-Api-Key": sessionStorage.getItem(KEY_STORAGE) ?? "" } });
  if (!response.ok) {
    let detail = response.statusText;
    try {
      const problem = await response.json();
      detail = problem.errors ? Object.values(problem.errors).flat().join(" ") : (problem.detail ?? problem.title ?? detail);
    } catch { /* not a problem document */ }
    throw new Error(`${response.status}: ${detail}`);
  }
  return response.json();
}

async function load() {
  setStatus("Loading…");
  try {
    const agent = $("agent").value;
    const days = encodeURIComponent($("days").value);
    // The overview names the agents to choose from; an agent's report is fetched when one is chosen.
    const overview = await fetchReport(`/v1/analytics/overview?days=${days}`);
    fillAgents(overview.mostActiveAgents ?? [], agent);
    const report = agent ? await fetchReport(`/v1/agents/${encodeURIComponent(agent)}/analytics?days=${days}`) : overview;
    render(report);
    setStatus(`Updated ${new Date().toLocaleTimeString()}`);
  } catch (error) {
    setStatus(`Could not load analytics (${error.message})`, true);
  }
}

function fillAgents(agents, selected) {
  const select = $("agent");
  select.replaceChildren(new Option("(tenant overview)", ""));
  const names = agents.map((a) => a.name);
  if (selected && !names.includes(selected)) names.push(selected);
  for (const name of names) select.add(new Option(name, name, false, name === selected));
  select.disabled = false;
}

function render(report) {
  $("report").hidden = false;
  $("report-title").textContent = report.agentId
    ? `Agent ${report.agentId} — last ${report.days} day(s)`
    : `Tenant ${report.tenantId} — last ${report.days} day(s)`;
  renderCards(report);

  const days = report.daily.map((d) => d.day.slice(5));
  const series = ["sessions", "interactions", "messages"].map((name) => ({
    name, color: COLORS[name], values: report.daily.map((d) => d[name]),
  }));
  barChart($("chart-daily"), days, series);
  $("legend-daily").replaceChildren(...series.map((s) => legendItem(s.name, s.color)));

  const types = report.interactions.byType;
  barChart($("chart-types"), types.map((t) => t.type), [{ name: "interactions", color: "var(--bar)", values: types.map((t) => t.count) }]);

  const latency = report.processingTime;
  barChart($("chart-latency"), ["avg", "p50", "p95"],
    [{ name: "processingTimeMs", color: "var(--interactions)", values: [latency.averageMs ?? 0, latency.p50Ms ?? 0, latency.p95Ms ?? 0] }]);

  fillTable($("intents"), report.topIntents);
  $("agents-panel").hidden = !report.mostActiveAgents;
  fillTable($("agents"), report.mostActiveAgents ?? []);
}

function renderCards(report) {
  const duration = report.sessions.averageDurationMs;
  const cards = [
    ["Sessions", report.sessions.total],
    ["Active sessions", report.sessions.active],
    ["Avg session", duration == null ? "–" : formatDuration(duration)],
    ["Interactions", report.interactions.total],
    ["Success rate", report.interactions.successRate == null ? "–" : `${(report.interactions.successRate * 100).toFixed(1)} %`],
    ["Messages", report.messages],
    ["Unique users", report.uniqueUsers],
    ["Avg processing", report.processingTime.averageMs == null ? "–" : `${report.processingTime.averageMs.toFixed(1)} ms`],
    ["Knowledge added", report.knowledge.added],
    ["Indexed", report.knowledge.indexed],
    ["Failed ingestions", report.knowledge.failed],
  ];
  $("cards").replaceChildren(...cards.map(([label, value]) => {
    const card = document.createElement("div");
    card.className = "card";
    const valueElement = document.createElement("div");
    valueElement.className = "value";
    valueElement.textContent = String(value);
    const labelElement = document.createElement("div");
    labelElement.className = "label";
    labelElement.textContent = label;
    card.append(valueElement, labelElement);
    return card;
  }));
}

function formatDuration(ms) {
  if (ms < 1000) return `${ms.toFixed(0)} ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(1)} s`;
  return `${(ms / 60000).toFixed(1)} min`;
}

function legendItem(name, color) {
  const item = document.createElement("span");
  const swatch = document.createElement("i");
  swatch.style.background = color;
  item.append(swatch, name);
  return item;
}

function fillTable(table, rows) {
  table.tBodies[0].replaceChildren(...rows.map((row) => {
    const tr = document.createElement("tr");
    for (const text of [row.name, row.count]) {
      const td = document.createElement("td");
      td.textContent = String(text);
      tr.append(td);
    }
    return tr;
  }));
}

/** The smallest 1, 2 or 5 × 10^n at or above max, so the axis ends on a round number. */
function niceMax(max) {
  if (max <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((step) => step * magnitude).find((candidate) => candidate >= max);
}

function svgElement(name, attributes, text) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** Grouped vertical bars: one group per category, one bar per series. Every bar is drawn, zero-high when its
 *  value is zero, and carries its series, category and value as data attributes. */
function barChart(svg, categories, series) {
  const width = svg.clientWidth || 640;
  const height = svg.clientHeight || 240;
  const margin = { top: 10, right: 10, bottom: 24, left: 48 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const top = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const y = (value) => margin.top + plotHeight - (value / top) * plotHeight;

  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  const children = [];
  for (let tick = 0; tick <= 4; tick++) {
    const value = (top * tick) / 4;
    children.push(svgElement("line", { class: "axis", x1: margin.left, x2: width - margin.right, y1: y(value), y2: y(value) }));
    children.push(svgElement("text", { x: margin.left - 6, y: y(value) + 4, "text-anchor": "end" },
      Number.isInteger(value) ? String(value) : value.toFixed(1)));
  }

  const groupWidth = plotWidth / Math.max(1, categories.length);
  const barWidth = Math.max(1, (groupWidth * 0.8) / series.length);
  const labelEvery = Math.ceil(categories.length / Math.max(1, Math.floor(plotWidth / 48)));
  categories.forEach((category, index) => {
    const groupX = margin.left + index * groupWidth + groupWidth * 0.1;
    series.forEach((s, seriesIndex) => {
      const value = s.values[index];
      const bar = svgElement("rect", {
        class: "bar", x: groupX + seriesIndex * barWidth, y: y(value), width: barWidth, height: y(0) - y(value),
        fill: s.color, "data-series": s.name, "data-category": category, "data-value": value,
      });
      bar.append(svgElement("title", {}, `${category} ${s.name}: ${value}`));
      children.push(bar);
    });
    if (index % labelEvery === 0) {
      children.push(svgElement("text", { x: groupX + (barWidth * series.length) / 2, y: height - 6, "text-anchor": "middle" }, category));
    }
  });
  svg.replaceChildren(...children);
}

document.addEventListener("DOMContentLoaded", () => {
  $("api-key").value = sessionStorage.getItem(KEY_STORAGE) ?? "";
  $("connect").addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem(KEY_STORAGE, $("api-key").value.trim());
    load();
  });
  $("agent").addEventListener("change", load);
  $("days").addEventListener("change", () => { if (sessionStorage.getItem(KEY_STORAGE)) load(); });
  if (sessionStorage.getItem(KEY_STORAGE)) load();
});
