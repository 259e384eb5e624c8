/**
 * Owns one fake model server on 127.0.0.1 (port 0): the HTTP routes of one API, streaming the
 * scripted replies, and the record of every request it received. A thin shell over script.ts,
 * requests.ts and sse.ts.
 */

import {
  isGeminiRouter,
  type ModelApi,
  readAnthropic,
  readGemini,
  readResponses,
  type RequestReading,
} from "./requests.ts";
import { type Reply, type ReplyRule, scriptReply, SIDE_REPLY_TEXT, sideJson } from "./script.ts";
import {
  anthropicEvents,
  anthropicMessage,
  encodeSse,
  geminiEvents,
  geminiResponse,
  responsesEvents,
  type SseEvent,
  type ToolCall,
} from "./sse.ts";

/** One request the server received, and what it answered. */
export interface RecordedRequest {
  /** 1-based, in arrival order. */
  seq: number;
  /** Milliseconds since the server started. */
  at: number;
  method: string;
  /** Path and query (`/v1/messages?beta=true`). */
  path: string;
  /** What the request was, or "other" for routes the fake does not script (answered 404/200). */
  kind: RequestReading["kind"] | "other";
  /** The newest user text and whether a tool result came back (main and side requests). */
  text?: string;
  afterTool?: boolean;
  /** The script rule that chose the answer (side requests: "side"). */
  rule?: ReplyRule | "side" | "router";
  /** Names of the tools the agent offered the model. */
  tools?: string[];
  /** Request headers, with secrets (API keys, auth) replaced by their length. */
  headers: Record<string, string>;
  body: unknown;
  /** How the streamed answer ended: sent completely, or the agent hung up (an interrupt). */
  outcome?: "complete" | "cancelled";
  /** Milliseconds since the server started when the answer ended. */
  endedAt?: number;
}

const encoder = new TextEncoder();
const SECRET_HEADERS = /^(authorization|x-api-key|x-goog-api-key|api-key)$/i;

interface ActiveStream {
  stop(): void;
}

/**
 * A fake model server for one API.
 *
 * @example
 * ```ts
 * await using server = new FakeModelServer("anthropic");
 * // ANTHROPIC_BASE_URL=server.url …
 * await server.waitFor((r) => r.afterTool === true, "the tool result", 10_000);
 * ```
 */
export class FakeModelServer implements AsyncDisposable {
  readonly api: ModelApi;
  readonly requests: RecordedRequest[] = [];
  readonly #server: Deno.HttpServer<Deno.NetAddr>;
  readonly #started = performance.now();
  readonly #streams = new Set<ActiveStream>();
  #ids = 0;
  #listeners = new Set<() => void>();

  constructor(api: ModelApi) {
    this.api = api;
    this.#server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen: () => {} },
      (request) => this.#handle(request),
    );
  }

  /** `http://127.0.0.1:<port>` (no trailing slash, no `/v1`). */
  get url(): string {
    return `http://127.0.0.1:${this.#server.addr.port}`;
  }

  /** Main-loop requests (the agent's turns), in order. */
  get turns(): RecordedRequest[] {
    return this.requests.filter((r) => r.kind === "main");
  }

  /** Wait until a recorded request satisfies `match`; fails naming `what` and what came. */
  async waitFor(
    match: (request: RecordedRequest) => boolean,
    what: string,
    timeoutMs: number,
  ): Promise<RecordedRequest> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.requests.find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) {
        const seen = this.requests.map((r) => `${r.method} ${r.path} ${r.rule ?? ""}`).join("; ");
        throw new Error(`Timed out waiting for ${what} at the fake ${this.api} server: ${seen}`);
      }
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.#listeners.delete(done);
          resolve();
        };
        const timer = setTimeout(done, Math.min(left, 200));
        this.#listeners.add(done);
      });
    }
  }

  #changed(): void {
    for (const listener of [...this.#listeners]) listener();
  }

  #now(): number {
    return Math.round(performance.now() - this.#started);
  }

  async #handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const text = request.method === "POST" ? await request.text() : "";
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // Kept as text: the record shows what came.
    }
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => {
      headers[key] = SECRET_HEADERS.test(key) ? `<${value.length} characters>` : value;
    });
    const record: RecordedRequest = {
      seq: this.requests.length + 1,
      at: this.#now(),
      method: request.method,
      path: url.pathname + url.search,
      kind: "other",
      headers,
      body,
    };
    this.requests.push(record);
    try {
      return this.#route(request, url, body, record);
    } finally {
      this.#changed();
    }
  }

  #route(request: Request, url: URL, body: unknown, record: RecordedRequest): Response {
    const path = url.pathname;
    if (this.api === "anthropic") {
      if (request.method === "HEAD" || (request.method === "GET" && path === "/")) {
        return new Response(null, { status: 200 });
      }
      if (request.method === "POST" && path === "/v1/messages") {
        return this.#anthropic(body, record);
      }
      if (request.method === "POST" && path === "/v1/messages/count_tokens") {
        return Response.json({ input_tokens: 12 });
      }
    }
    if (this.api === "openai" && request.method === "POST" && path === "/v1/responses") {
      return this.#responses(body, record);
    }
    if (this.api === "gemini" && request.method === "POST") {
      if (path.endsWith(":streamGenerateContent")) return this.#gemini(request, body, record, true);
      if (path.endsWith(":generateContent")) return this.#gemini(request, body, record, false);
      if (path.endsWith(":countTokens")) return Response.json({ totalTokens: 12 });
    }
    return Response.json({ error: { message: `The fake ${this.api} server has no ${path}` } }, {
      status: 404,
    });
  }

  #read(
    record: RecordedRequest,
    reading: RequestReading,
    tools: string[],
    schema?: unknown,
  ): Reply {
    record.kind = reading.kind;
    record.text = reading.prompt.text;
    record.afterTool = reading.prompt.afterTool;
    record.tools = tools;
    if (reading.kind === "side") {
      record.rule = "side";
      const text = sideJson(schema) ?? SIDE_REPLY_TEXT;
      return { rule: "quick-reply", chunks: [text], chunkDelayMs: 0 };
    }
    const reply = scriptReply(reading.prompt);
    record.rule = reply.rule;
    return reply;
  }

  #anthropic(body: unknown, record: RecordedRequest): Response {
    const json = body as {
      model?: string;
      stream?: boolean;
      tools?: { name?: string }[];
      output_config?: { format?: { schema?: unknown } };
    };
    const schema = json.output_config?.format?.schema;
    const reply = this.#read(record, readAnthropic(body), toolNames(json.tools), schema);
    const tool: ToolCall | null = reply.shell
      ? {
        name: "Bash",
        args: { command: reply.shell.command, description: reply.shell.justification },
      }
      : null;
    const n = ++this.#ids;
    const ids = {
      model: json.model ?? "claude-lab",
      messageId: `msg_lab_${n}`,
      toolUseId: `toolu_lab_${n}`,
    };
    if (!json.stream) {
      record.outcome = "complete";
      record.endedAt = this.#now();
      return Response.json(anthropicMessage(reply, tool, ids));
    }
    return this.#stream(record, anthropicEvents(reply, tool, ids));
  }

  #responses(body: unknown, record: RecordedRequest): Response {
    const json = body as {
      model?: string;
      tools?: { name?: string; type?: string }[];
      text?: { format?: { schema?: unknown } };
    };
    const schema = json.text?.format?.schema;
    const reply = this.#read(record, readResponses(body), toolNames(json.tools), schema);
    const tool: ToolCall | null = reply.shell
      ? {
        name: "exec_command",
        args: {
          cmd: reply.shell.command,
          sandbox_permissions: "require_escalated",
          justification: reply.shell.justification,
        },
      }
      : null;
    const n = ++this.#ids;
    return this.#stream(
      record,
      responsesEvents(reply, tool, {
        model: json.model ?? "gpt-lab",
        responseId: `resp_lab_${n}`,
        messageId: `msg_lab_${n}`,
        callId: `call_lab_${n}`,
      }),
    );
  }

  #gemini(request: Request, body: unknown, record: RecordedRequest, streaming: boolean): Response {
    const json = body as { tools?: { functionDeclarations?: { name?: string }[] }[] };
    const declarations = (json.tools ?? []).flatMap((t) => t.functionDeclarations ?? []);
    const model = new URL(request.url).pathname.split("/").at(-1)?.split(":")[0] ?? "gemini-lab";
    const reply = this.#read(record, readGemini(body, streaming), toolNames(declarations));
    if (!streaming) {
      record.outcome = "complete";
      record.endedAt = this.#now();
      if (isGeminiRouter(body)) {
        record.rule = "router";
        const answer = JSON.stringify({
          complexity_reasoning: "A short scripted lab request.",
          complexity_score: 1,
        });
        return Response.json(geminiResponse([{ text: answer }], true, model));
      }
      return Response.json(geminiResponse([{ text: reply.chunks.join("") }], true, model));
    }
    const tool: ToolCall | null = reply.shell
      ? {
        name: "run_shell_command",
        args: { command: reply.shell.command, description: reply.shell.justification },
      }
      : null;
    return this.#stream(record, geminiEvents(reply, tool, model));
  }

  /** Send `events` with their delays; stops (and records it) when the agent hangs up. */
  #stream(record: RecordedRequest, events: SseEvent[]): Response {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let index = 0;
    let ended = false;
    const streams = this.#streams;
    const end = (outcome: "complete" | "cancelled") => {
      if (ended) return;
      ended = true;
      clearTimeout(timer);
      streams.delete(active);
      record.outcome = outcome;
      record.endedAt = this.#now();
      this.#changed();
    };
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const active: ActiveStream = {
      stop: () => {
        end("cancelled");
        try {
          controller.close();
        } catch {
          // Already closed by the client.
        }
      },
    };
    const tick = () => {
      timer = undefined;
      if (ended) return;
      // Send every event due now: the first of a batch may wait, the rest follow at once.
      do {
        const event = events[index++] as SseEvent;
        try {
          controller.enqueue(encoder.encode(encodeSse(event)));
        } catch {
          end("cancelled");
          return;
        }
      } while (index < events.length && (events[index] as SseEvent).delayMs === 0);
      if (index >= events.length) {
        end("complete");
        controller.close();
        return;
      }
      timer = setTimeout(tick, (events[index] as SseEvent).delayMs);
    };
    const body = new ReadableStream<Uint8Array>({
      start: (c) => {
        controller = c;
        streams.add(active);
        timer = setTimeout(tick, events[0]?.delayMs ?? 0);
      },
      cancel: () => end("cancelled"),
    });
    return new Response(body, {
      headers: {
        "content-type": "text/event-stream",
        "cache-control": "no-cache",
        "x-request-id": `req_lab_${record.seq}`,
        "request-id": `req_lab_${record.seq}`,
      },
    });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    for (const stream of [...this.#streams]) stream.stop();
    for (const listener of [...this.#listeners]) listener();
    await this.#server.shutdown();
  }
}

function toolNames(tools: { name?: string; type?: string }[] | undefined): string[] {
  return (tools ?? []).map((tool) => tool.name ?? tool.type ?? "?");
}
