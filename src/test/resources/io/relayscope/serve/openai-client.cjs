// The official OpenAI Node client (npm "openai") against relayscope serve: one completion whole, one streamed,
// one error, the model list. The streamed one continues the whole one's text (the prefix cache serves it). Usage: node openai-client.cjs BASE_URL API_KEY PROMPT; prints one JSON line.
const OpenAI = require(process.env.RELAYSCOPE_NPM_MODULES + '/openai');
const [baseURL, apiKey, prompt] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 60000 });
(async () => {
  const whole = await client.completions.create({
    model: 'tiny-llm', prompt, max_tokens: 12, temperature: 0, logprobs: 3, seed: 7 });
  const stream = await client.completions.create({
    model: 'tiny-llm', prompt: prompt + whole.choices[0].text, max_tokens: 12, temperature: 0, stream: true, stream_options: { include_usage: true } });
  let text = '', finish = null, usage = null, chunks = 0;
  for await (const chunk of stream) {
    chunks++;
    for (const c of chunk.choices) {
      text += c.text;
      if (c.finish_reason) finish = c.finish_reason;
    }
    if (chunk.usage) usage = chunk.usage;
  }
  let error = null;
  try {
    await client.completions.create({ model: 'no-such-model', prompt: 'x' });
  } catch (e) {
    error = { status: e.status, message: e.message };
  }
  const models = await client.models.list();
  const c0 = whole.choices[0];
  console.log(JSON.stringify({
    whole: { text: c0.text, finish: c0.finish_reason, tokens: c0.logprobs.tokens, top: c0.logprobs.top_logprobs, usage: whole.usage },
    stream: { text, finish, usage, chunks },
    error,
    models: models.data.map(m => m.id),
  }));
})().catch(e => { console.error('openai client failed: ' + e); process.exit(1); });
