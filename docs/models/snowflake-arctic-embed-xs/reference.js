// Independent reference for snowflake-arctic-embed-xs: BERT uncased basic tokenization + greedy WordPiece written
// here (no code shared with the C# tokenizer), onnxruntime-node inference, CLS pooling, L2 normalisation.
const ort = require('onnxruntime-node');
const fs = require('fs');
const dir = process.argv[2];
const vocab = new Map(fs.readFileSync(dir + '/vocab.txt', 'utf8').split(/\r?\n/).map((t, i) => [t, i]));
function basic(text) {
  text = text.toLowerCase().normalize('NFD').replace(/\p{Mn}/gu, '');
  const out = [];
  for (const w of text.split(/\s+/).filter(Boolean)) {
    let cur = '';
    for (const ch of w) {
      if (/[\p{P}\p{S}]/u.test(ch) || /[!-\/:-@\[-`{-~]/.test(ch)) { if (cur) out.push(cur); out.push(ch); cur = ''; }
      else cur += ch;
    }
    if (cur) out.push(cur);
  }
  return out;
}
function wordpiece(word) {
  const ids = []; let start = 0;
  while (start < word.length) {
    let end = word.length, found = null;
    while (start < end) { let sub = word.slice(start, end); if (start > 0) sub = '##' + sub; if (vocab.has(sub)) { found = sub; break; } end--; }
    if (found === null) return [vocab.get('[UNK]')];
    ids.push(vocab.get(found)); start = end;
  }
  return ids;
}
function encode(text) { return [vocab.get('[CLS]'), ...basic(text).flatMap(wordpiece), vocab.get('[SEP]')]; }
(async () => {
  const session = await ort.InferenceSession.create(dir + '/model.onnx');
  const texts = JSON.parse(process.argv[3]);
  const result = [];
  for (const t of texts) {
    const ids = encode(t); const n = ids.length;
    const feeds = {
      input_ids: new ort.Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, n]),
      attention_mask: new ort.Tensor('int64', BigInt64Array.from(ids.map(() => 1n)), [1, n]),
    };
    if (session.inputNames.includes('token_type_ids')) feeds.token_type_ids = new ort.Tensor('int64', new BigInt64Array(n), [1, n]);
    const out = await session.run(feeds);
    const h = out.last_hidden_state.data; const d = out.last_hidden_state.dims[2];
    const cls = Array.from(h.slice(0, d)); const norm = Math.hypot(...cls);
    result.push({ text: t, ids, first: cls.slice(0, 5).map(v => +(v / norm).toFixed(4)), vec: cls.map(v => v / norm) });
  }
  const cos = (a, b) => a.reduce((s, v, i) => s + v * b[i], 0);
  console.log(JSON.stringify({ inputs: session.inputNames, outputs: session.outputNames,
    items: result.map(r => ({ text: r.text, ids: r.ids.join(','), first: r.first })),
    cos_food_bread: +cos(result[1].vec, result[2].vec).toFixed(4), cos_food_movie: +cos(result[1].vec, result[3].vec).toFixed(4),
    cos_query_passage: +cos(result[4].vec, result[5].vec).toFixed(4), cos_query_unrelated: +cos(result[4].vec, result[6].vec).toFixed(4) }, null, 1));
})();
